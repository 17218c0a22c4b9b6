// Small HTTPS server for scripts/make-http-testdata: HTTP/1.1 and HTTP/2 (ALPN) on one port, and its
// TLS secrets appended to the key log named by the KEYLOG environment variable (NSS format).
const fs = require('fs');
const http2 = require('http2');

const [port, cert, key] = process.argv.slice(2);
const server = http2.createSecureServer({
  cert: fs.readFileSync(cert),
  key: fs.readFileSync(key),
  allowHTTP1: true,
});
server.on('keylog', (line) => fs.appendFileSync(process.env.KEYLOG, line));
server.on('request', (req, res) => {
  const body = `hello from TlsExtcap test server: ${req.url} over HTTP/${req.httpVersion}\n`;
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
