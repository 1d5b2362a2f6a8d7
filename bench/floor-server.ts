/**
 * The bench's floor: a bare `node:http` server on 127.0.0.1 that reads each request's body and
 * answers every request with one fixed GetCallerIdentity-shaped XML document of about 400 bytes
 * and the headers the sandbox sends (content type, request id, date). It verifies nothing and
 * parses nothing, so its CPU per request is what the platform alone costs: the sandbox's own
 * figures are read against it, measured in the same run with the same client. Run as a child
 * process by bench/sandbox-process.ts; prints `listening <port>`.
 */
import { createServer } from 'node:http';

const XML = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/workshop-admin</Arn><UserId>AIDAJQABLZS4A3QDU576Q</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-RequestId': '01234567-89ab-cdef-0123-456789abcdef', date: new Date().toUTCString(), 'content-length': Buffer.byteLength(XML) });
    res.end(XML);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
