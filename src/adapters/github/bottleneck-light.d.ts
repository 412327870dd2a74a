// bottleneck/light.js is the build @octokit/plugin-throttling uses; it has the same API as the full build.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
