// The README is the entry page and stays short; the rest lives in docs/. These tests keep the pages linked
// together (every relative link and anchor resolves), the README within its size, and the markers tools
// write between where the tools look for them.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/generate-docs.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const readme = read('README.md');
const pages = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Markdown without fenced code blocks, where `#` lines and `](` are not headings or links. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');

function headings(markdown: string): string[] {
  return [...prose(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((match) => match[1]);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Relative links of a page as [target file relative to the root, anchor]. */
function relativeLinks(page: string): { target: string; anchor: string }[] {
  return [...prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((href) => !/^[a-z]+:/i.test(href))
    .map((href) => {
      const [file, anchor = ''] = href.split('#');
      const target =
        file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      return { target, anchor };
    });
}

describe('README.md and docs/', () => {
  it('has pages to check', () => {
    expect(pages).toEqual(expect.arrayContaining(['docs/benchmarks.md', 'docs/workflows.md', 'docs/cli.md']));
  });

  it.each(pages)('%s links only to files and headings that exist', (page) => {
    const links = relativeLinks(page);
    const broken = links.filter(({ target, anchor }) => {
      if (!existsSync(path.join(REPO_ROOT, target))) return true;
      if (anchor === '') return false;
      return !target.endsWith('.md') || !headings(read(target)).map(githubSlug).includes(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('README links to each page in docs/ and to the sections it moved there', () => {
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(readme).toContain(`](${page}`);
    expect(readme).toContain('](docs/workflows.md#production-in-a-github-environment)');
    expect(relativeLinks('README.md').filter(({ anchor }) => anchor !== '').length).toBeGreaterThan(10);
  });

  it('README stays at most 500 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(500);
  });

  it('keeps the sections a first-time user needs', () => {
    const sections = headings(readme);
    for (const heading of [
      'How a rotation works',
      'Quick start',
      'Tokens',
      'Inputs',
      'Outputs',
      'Local use',
      'Troubleshooting',
      'Security model',
    ]) {
      expect(sections).toContain(heading);
    }
    expect(readme).toContain('```mermaid');
    expect(readme).toContain('<owner>/mangopay-mtls-rotate@v1');
    expect(readme).toContain('`npm test`');
  });

  it('keeps the markers tools write between where they look', () => {
    // bench/run.ts writes its tables between these.
    expect(read('docs/benchmarks.md')).toMatch(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/);
    expect(readme).toContain('npm run bench');
    // Reserved for the CLI option list, inside Local use.
    const local = readme.slice(readme.indexOf('\n## Local use'), readme.indexOf('\n## Troubleshooting'));
    expect(local).toMatch(/<!-- cli-options:start -->[\s\S]*--kebab-case[\s\S]*<!-- cli-options:end -->/);
    expect(read('docs/development.md')).toMatch(/^npm test\b/m);
  });

  it.each(pages)('%s holds nothing that looks like a secret', (page) => {
    const text = read(page);
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----\n[A-Za-z0-9+/]/);
    expect(text).not.toMatch(/\b(ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}/);
    expect(text).not.toMatch(/LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}/); // base64 of a PEM
  });
});
