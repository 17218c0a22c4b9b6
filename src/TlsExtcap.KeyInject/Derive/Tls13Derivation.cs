using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// TLS 1.3 (RFC 8446 §7.1) from an ephemeral private key: shared secret from the key shares,
/// handshake traffic secrets over ClientHello..ServerHello; after the second pass decrypted the
/// server's flight, the server Finished MAC is checked and the application traffic secrets and the
/// exporter secret are derived over ClientHello..server Finished.
/// </summary>
internal sealed class Tls13Derivation : IPendingDerivation
{
    private const byte MessageHashType = (byte)HandshakeType.MessageHash;

    private readonly HashAlgorithmName _hash;
    private readonly byte[] _clientRandom;
    private readonly List<byte[]> _helloTranscript;
    private readonly Tls13Secrets _secrets;

    private Tls13Derivation(HashAlgorithmName hash, byte[] clientRandom, List<byte[]> helloTranscript, Tls13Secrets secrets)
    {
        _hash = hash;
        _clientRandom = clientRandom;
        _helloTranscript = helloTranscript;
        _secrets = secrets;
        TrialEntries =
        [
            new KeyLogEntry(KeyLogLabel.ClientHandshakeTrafficSecret, clientRandom, secrets.ClientHandshakeTrafficSecret),
            new KeyLogEntry(KeyLogLabel.ServerHandshakeTrafficSecret, clientRandom, secrets.ServerHandshakeTrafficSecret),
        ];
    }

    public IReadOnlyList<KeyLogEntry> TrialEntries { get; }

    /// <summary>Solves the key exchange of a TLS 1.3 handshake; null with a reason when it cannot.</summary>
    public static Tls13Derivation? TryStart(ConnectionHandshake handshake, IReadOnlyList<byte[]> privateKeys, out string? problem)
    {
        var messages = handshake.Messages;
        if (!TryLocateHellos(messages, out var hellos, out problem))
        {
            return null;
        }

        var serverHello = ServerHelloInfo.Parse(messages[hellos.ServerHello].Body);
        if (!CipherSuiteRegistry.TryGet(serverHello.CipherSuite, out var suite) || !suite.IsTls13)
        {
            problem = $"cipher suite 0x{serverHello.CipherSuite:x4} is not a TLS 1.3 suite";
            return null;
        }

        if (serverHello.AcceptsPreSharedKey)
        {
            problem = "resumed with a pre-shared key; its secret is not in the capture";
            return null;
        }

        var serverShare = KeyExchangeParser.ServerShare(messages[hellos.ServerHello].Body);
        var clientShare = serverShare is null ? null
            : KeyExchangeParser.ClientShares(messages[hellos.LastClientHello].Body).Find(s => s.Group == serverShare.Group);
        if (serverShare is null || clientShare is null)
        {
            problem = "no matching key_share in ClientHello and ServerHello";
            return null;
        }

        byte[]? shared = SharedSecret.Find(serverShare.Group, privateKeys, clientShare.KeyExchange, serverShare.KeyExchange, padFfdhe: true);
        if (shared is null)
        {
            problem = $"no private key matches either {serverShare.Group} key share";
            return null;
        }

        var hash = suite.PrfHash;
        var transcript = new List<byte[]>();
        if (hellos.HelloRetryRequest >= 0)
        {
            // RFC 8446 §4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by
            // message_hash = handshake type 254, uint24 Hash.length, Hash(ClientHello1).
            byte[] first = SHA(hash, messages[hellos.FirstClientHello].Bytes);
            transcript.Add([MessageHashType, 0, 0, (byte)first.Length, .. first]);
            transcript.Add(messages[hellos.HelloRetryRequest].Bytes);
        }
        else
        {
            transcript.Add(messages[hellos.FirstClientHello].Bytes);
        }

        if (hellos.LastClientHello != hellos.FirstClientHello)
        {
            transcript.Add(messages[hellos.LastClientHello].Bytes);
        }

        transcript.Add(messages[hellos.ServerHello].Bytes);
        var secrets = Tls13KeySchedule.ComputeHandshakeSecrets(hash, default, shared, Transcript.Hash(hash, transcript));
        CryptographicOperations.ZeroMemory(shared);
        byte[] clientRandom = ClientHelloInfo.Parse(messages[hellos.FirstClientHello].Body, isDatagram: false).Random;
        problem = null;
        return new Tls13Derivation(hash, clientRandom, transcript, secrets);
    }

    public IReadOnlyList<KeyLogEntry>? Finish(ConnectionHandshake secondPass, out string? problem)
    {
        var messages = secondPass.Messages;
        if (!TryLocateHellos(messages, out var hellos, out problem))
        {
            return null;
        }

        // The server's flight after ServerHello: EncryptedExtensions, [CertificateRequest], [Certificate, CertificateVerify], Finished.
        var transcript = new List<byte[]>(_helloTranscript);
        int serverFinished = -1;
        for (int i = hellos.ServerHello + 1; i < messages.Count; i++)
        {
            if (messages[i].FromClient)
            {
                continue;
            }

            if (messages[i].Type == HandshakeType.Finished)
            {
                serverFinished = i;
                break;
            }

            transcript.Add(messages[i].Bytes);
        }

        if (serverFinished < 0)
        {
            problem = "the server's encrypted handshake did not decrypt with the derived handshake secrets";
            return null;
        }

        // RFC 8446 §4.4.4: server verify_data over ClientHello..CertificateVerify with server_handshake_traffic_secret.
        byte[] expected = Tls13KeySchedule.ComputeFinishedVerifyData(_hash, _secrets.ServerHandshakeTrafficSecret, Transcript.Hash(_hash, transcript));
        if (!CryptographicOperations.FixedTimeEquals(expected, messages[serverFinished].Body))
        {
            problem = "the server Finished MAC does not match the derived secrets";
            return null;
        }

        transcript.Add(messages[serverFinished].Bytes);
        using var application = Tls13KeySchedule.ComputeApplicationSecrets(_hash, _secrets.HandshakeSecret, Transcript.Hash(_hash, transcript));
        if (!ClientFinishedMatches(messages, serverFinished, transcript))
        {
            problem = "the client Finished MAC does not match the derived secrets";
            return null;
        }

        problem = null;
        return
        [
            new KeyLogEntry(KeyLogLabel.ClientHandshakeTrafficSecret, _clientRandom, _secrets.ClientHandshakeTrafficSecret),
            new KeyLogEntry(KeyLogLabel.ServerHandshakeTrafficSecret, _clientRandom, _secrets.ServerHandshakeTrafficSecret),
            new KeyLogEntry(KeyLogLabel.ClientTrafficSecret, _clientRandom, application.ClientApplicationTrafficSecret0),
            new KeyLogEntry(KeyLogLabel.ServerTrafficSecret, _clientRandom, application.ServerApplicationTrafficSecret0),
            new KeyLogEntry(KeyLogLabel.ExporterSecret, _clientRandom, application.ExporterMasterSecret),
        ];
    }

    public void Dispose() => _secrets.Dispose();

    /// <summary>RFC 8446 §4.4.4: client verify_data over ClientHello..[EndOfEarlyData, Certificate, CertificateVerify]; true when the client Finished was not decrypted.</summary>
    private bool ClientFinishedMatches(List<HandshakeMessage> messages, int serverFinished, List<byte[]> serverTranscript)
    {
        var transcript = new List<byte[]>(serverTranscript);
        for (int i = serverFinished + 1; i < messages.Count; i++)
        {
            if (!messages[i].FromClient)
            {
                continue;
            }

            if (messages[i].Type == HandshakeType.Finished)
            {
                byte[] expected = Tls13KeySchedule.ComputeFinishedVerifyData(_hash, _secrets.ClientHandshakeTrafficSecret, Transcript.Hash(_hash, transcript));
                return CryptographicOperations.FixedTimeEquals(expected, messages[i].Body);
            }

            transcript.Add(messages[i].Bytes);
        }

        return true;
    }

    /// <summary>Finds ClientHello, [HelloRetryRequest, ClientHello2], ServerHello of the first handshake.</summary>
    internal static bool TryLocateHellos(IReadOnlyList<HandshakeMessage> messages, out Hellos hellos, out string? problem)
    {
        hellos = default;
        int first = Transcript.Find(messages, 0, HandshakeType.ClientHello, fromClient: true);
        int server = Transcript.Find(messages, first + 1, HandshakeType.ServerHello, fromClient: false);
        if (first < 0 || server < 0)
        {
            problem = "no ClientHello and ServerHello";
            return false;
        }

        int retry = -1;
        int last = first;
        if (ServerHelloInfo.Parse(messages[server].Body).IsHelloRetryRequest)
        {
            retry = server;
            last = Transcript.Find(messages, retry + 1, HandshakeType.ClientHello, fromClient: true);
            server = Transcript.Find(messages, last + 1, HandshakeType.ServerHello, fromClient: false);
            if (last < 0 || server < 0)
            {
                problem = "no second ClientHello and ServerHello after the HelloRetryRequest";
                return false;
            }
        }

        hellos = new Hellos(first, retry, last, server);
        problem = null;
        return true;
    }

    private static byte[] SHA(HashAlgorithmName hash, byte[] message) => Transcript.Hash(hash, [message]);

    /// <summary>Message indexes; <see cref="HelloRetryRequest"/> is -1 without one.</summary>
    internal readonly record struct Hellos(int FirstClientHello, int HelloRetryRequest, int LastClientHello, int ServerHello);
}
