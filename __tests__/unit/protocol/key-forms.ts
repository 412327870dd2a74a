// The forms of a private key the protocol must mask (shared/design.md "Masking", issue 8), computed here
// independently of src/domain/pem.ts so a form dropped there makes a test red.
export function requiredMaskForms(keyPem: string): string[] {
  const pem = `${keyPem.replace(/\r\n/g, '\n').trim()}\n`;
  const crlf = pem.replace(/\n/g, '\r\n');
  const lines = pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [pem, crlf, base64(pem), base64(crlf), ...lines];
}
