using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// TLS 1.0–1.2 ECDHE and DHE from an ephemeral private key: pre-master secret from ServerKeyExchange
/// and ClientKeyExchange, master secret (RFC 5246 §8.1, or RFC 7627 §4 with extended master secret);
/// after the second pass decrypted the Finished messages, their verify_data is checked (RFC 5246 §7.4.9).
/// </summary>
internal sealed class Tls12Derivation : IPendingDerivation
{
    private readonly TlsVersion _version;
    private readonly HashAlgorithmName _prfHash;
    private readonly byte[] _masterSecret;
    private readonly KeyLogEntry _entry;

    private Tls12Derivation(TlsVersion version, HashAlgorithmName prfHash, byte[] clientRandom, byte[] masterSecret)
    {
        _version = version;
        _prfHash = prfHash;
        _masterSecret = masterSecret;
        _entry = new KeyLogEntry(KeyLogLabel.ClientRandom, clientRandom, masterSecret);
        TrialEntries = [_entry];
    }

    public IReadOnlyList<KeyLogEntry> TrialEntries { get; }

    /// <summary>Solves the key exchange of a TLS ≤ 1.2 handshake; null with a reason when it cannot.</summary>
    public static Tls12Derivation? TryStart(ConnectionHandshake handshake, IReadOnlyList<byte[]> privateKeys, out string? problem)
    {
        var messages = handshake.Messages;
        int clientHelloIndex = Transcript.Find(messages, 0, HandshakeType.ClientHello, fromClient: true);
        int serverHelloIndex = Transcript.Find(messages, clientHelloIndex + 1, HandshakeType.ServerHello, fromClient: false);
        int serverKeyExchangeIndex = Transcript.Find(messages, serverHelloIndex + 1, HandshakeType.ServerKeyExchange, fromClient: false);
        int clientKeyExchangeIndex = Transcript.Find(messages, serverHelloIndex + 1, HandshakeType.ClientKeyExchange, fromClient: true);
        if (clientHelloIndex < 0 || serverHelloIndex < 0)
        {
            problem = "no ClientHello and ServerHello";
            return null;
        }

        var clientHello = ClientHelloInfo.Parse(messages[clientHelloIndex].Body, isDatagram: false);
        var serverHello = ServerHelloInfo.Parse(messages[serverHelloIndex].Body);
        var version = (TlsVersion)serverHello.NegotiatedVersion;
        if (version is not (TlsVersion.Tls10 or TlsVersion.Tls11 or TlsVersion.Tls12))
        {
            problem = $"version 0x{serverHello.NegotiatedVersion:x4} is not supported";
            return null;
        }

        if (!CipherSuiteRegistry.TryGet(serverHello.CipherSuite, out var suite))
        {
            problem = $"cipher suite 0x{serverHello.CipherSuite:x4} is unknown";
            return null;
        }

        bool ecdhe = suite.KeyExchange is KeyExchangeAlgorithm.EcdheEcdsa or KeyExchangeAlgorithm.EcdheRsa or KeyExchangeAlgorithm.EcdhAnon;
        bool dhe = suite.KeyExchange is KeyExchangeAlgorithm.DheDss or KeyExchangeAlgorithm.DheRsa or KeyExchangeAlgorithm.DhAnon;
        if (!ecdhe && !dhe)
        {
            problem = $"{suite.Name} has no ephemeral (EC)DH key exchange";
            return null;
        }

        if (serverKeyExchangeIndex < 0 || clientKeyExchangeIndex < 0)
        {
            problem = "no ServerKeyExchange and ClientKeyExchange (resumed or incomplete handshake)";
            return null;
        }

        byte[]? preMaster;
        if (ecdhe)
        {
            var server = KeyExchangeParser.ServerEcdhParams(messages[serverKeyExchangeIndex].Body);
            if (server is null)
            {
                problem = "ServerKeyExchange does not name its curve";
                return null;
            }

            byte[] client = KeyExchangeParser.ClientEcdhPublic(messages[clientKeyExchangeIndex].Body);
            preMaster = SharedSecret.Find(server.Group, privateKeys, client, server.KeyExchange, padFfdhe: false);
            problem = preMaster is null ? $"no private key matches either {server.Group} public value" : null;
        }
        else
        {
            var (prime, generator, serverPublic) = KeyExchangeParser.ServerDhParams(messages[serverKeyExchangeIndex].Body);
            byte[] clientPublic = KeyExchangeParser.ClientDhPublic(messages[clientKeyExchangeIndex].Body);
            preMaster = null;
            foreach (byte[] key in privateKeys)
            {
                preMaster = KeyAgreement.TryFiniteField(prime, generator, key, clientPublic, serverPublic)
                    ?? KeyAgreement.TryFiniteField(prime, generator, key, serverPublic, clientPublic);
                if (preMaster is not null)
                {
                    break;
                }
            }

            problem = preMaster is null ? "no private key matches either DH public value" : null;
        }

        if (preMaster is null)
        {
            return null;
        }

        byte[] master;
        if (clientHello.OffersExtendedMasterSecret && serverHello.UsesExtendedMasterSecret)
        {
            // RFC 7627 §3: session_hash covers ClientHello up to and including ClientKeyExchange.
            var sessionMessages = messages.Skip(clientHelloIndex).Take(clientKeyExchangeIndex - clientHelloIndex + 1).Select(m => m.Bytes);
            byte[] sessionHash = HandshakeHash(version, suite.PrfHash, sessionMessages);
            master = Tls12KeyDerivation.ComputeExtendedMasterSecret(version, suite.PrfHash, preMaster, sessionHash);
        }
        else
        {
            master = Tls12KeyDerivation.ComputeMasterSecret(version, suite.PrfHash, preMaster, clientHello.Random, serverHello.Random);
        }

        CryptographicOperations.ZeroMemory(preMaster);
        return new Tls12Derivation(version, suite.PrfHash, clientHello.Random, master);
    }

    public IReadOnlyList<KeyLogEntry>? Finish(ConnectionHandshake secondPass, out string? problem)
    {
        var messages = secondPass.Messages;
        int start = Transcript.Find(messages, 0, HandshakeType.ClientHello, fromClient: true);
        int verified = 0;
        bool clientDone = false;
        bool serverDone = false;
        for (int i = Math.Max(start, 0) + 1; i < messages.Count && !(clientDone && serverDone); i++)
        {
            var message = messages[i];
            if (message.Type != HandshakeType.Finished || (message.FromClient ? clientDone : serverDone))
            {
                continue;
            }

            // RFC 5246 §7.4.9: handshake_messages are all messages of this handshake before this Finished.
            byte[] hash = HandshakeHash(_version, _prfHash, messages.Skip(start).Take(i - start).Select(m => m.Bytes));
            byte[] expected = Tls12KeyDerivation.ComputeFinishedVerifyData(_version, _prfHash, _masterSecret, message.FromClient, hash);
            if (!CryptographicOperations.FixedTimeEquals(expected, message.Body))
            {
                problem = $"the {(message.FromClient ? "client" : "server")} Finished MAC does not match the derived master secret";
                return null;
            }

            verified++;
            clientDone |= message.FromClient;
            serverDone |= !message.FromClient;
        }

        if (verified == 0)
        {
            problem = "no Finished message decrypted with the derived master secret";
            return null;
        }

        problem = null;
        return [_entry];
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_masterSecret);

    private static byte[] HandshakeHash(TlsVersion version, HashAlgorithmName prfHash, IEnumerable<byte[]> messages) =>
        version == TlsVersion.Tls12 ? Transcript.Hash(prfHash, messages) : Transcript.Md5Sha1(messages);
}
