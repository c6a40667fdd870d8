// Puppeteer (pulled in by Ace by DAISY, the EPUB checker) never downloads a browser: the tests run it on
// Debian's Chromium. This also covers a plain `npm install` run by hand.
module.exports = { skipDownload: true, executablePath: "/usr/bin/chromium" };
