import { explain } from './preflight';

/** The errors the clients raise, shaped as they are (kafkajs wraps its causes; node-postgres and ioredis do not). */
describe('preflight: what a refusal means', () => {
  const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  it.each([
    ['an untrusted certificate (node-postgres)', tls, /^TLS refused: self-signed certificate in certificate chain \(check/, true],
    ['an untrusted certificate wrapped by kafkajs', Object.assign(new Error('Connection error: self-signed certificate in certificate chain'), { name: 'KafkaJSConnectionError', originalError: tls }), /^TLS refused: self-signed certificate/, true],
    ['a name the certificate does not carry', Object.assign(new Error("Hostname/IP does not match certificate's altnames: IP: 127.0.0.2 is not in the cert's list: 127.0.0.1"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), /^TLS refused: Hostname\/IP does not match/, true],
    ['a wrong Postgres password', Object.assign(new Error('password authentication failed for user "questline"'), { code: '28P01' }), /^credentials refused: password authentication failed for user "questline"$/, true],
    ['a wrong Redis password', new Error('WRONGPASS invalid username-password pair or user is disabled.'), /^credentials refused: WRONGPASS/, true],
    ['a wrong SCRAM password', Object.assign(new Error('SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512'), { name: 'KafkaJSSASLAuthenticationError' }), /^credentials refused: SASL SCRAM SHA512 authentication failed/, true],
    ['a Postgres that requires TLS', new Error('no pg_hba.conf entry for host "127.0.0.1", user "questline", database "questline", no encryption'), /^refused by the server's access rules: no pg_hba.conf entry.*DATABASE_TLS=true/, true],
    ['a Postgres whose access rules reject plain connections', new Error('pg_hba.conf rejects connection for host "127.0.0.1", user "questline", database "questline", no encryption'), /^refused by the server's access rules: pg_hba.conf rejects/, true],
    ['a refused connection (not up yet)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }), /^unreachable: connect ECONNREFUSED/, false],
    ['a connection timeout', Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' }), /^unreachable: Connection timeout/, false],
    ['a timeout in the middle of SCRAM (kafkajs calls it an authentication error)', Object.assign(new Error('SASL SCRAM SHA512 authentication failed: Request SaslAuthenticate(key: 36, version: 1) timed out'), { name: 'KafkaJSSASLAuthenticationError' }), /^unreachable: /, false],
    ['a connection closed during the SASL handshake', Object.assign(new Error('SASL SCRAM SHA512 authentication failed: Connection closed'), { name: 'KafkaJSSASLAuthenticationError' }), /^unreachable: /, false],
  ])('%s', (_what, err, message, permanent) => {
    const e = explain(err);
    expect(e.message).toMatch(message);
    expect(e.permanent).toBe(permanent);
  });
});
