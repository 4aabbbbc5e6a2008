// uPlot, from its WebJar in the same deployment (the version is written in at build time).
export { default } from '../webjars/uplot/${uplot.version}/dist/uPlot.esm.js';
