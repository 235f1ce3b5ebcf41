// For Jest only (see jest.config.js): content-disposition 3, which @fastify/static requires,
// is an ES module, and Jest cannot require one on Node 20 (Node itself can). Version 1,
// Express's, is CommonJS; its main export is version 3's `create`, and both have `parse`.
const contentDisposition = require('../../node_modules/content-disposition');

module.exports = Object.assign(contentDisposition, { create: contentDisposition });
