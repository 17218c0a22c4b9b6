using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Inject;

/// <summary>
/// First pass of <c>inject</c>: runs the capture through the core without keys and notes, per client
/// random, the frame of its ClientHello (the DSB goes just before it) and, for RSA key exchange, the
/// identifier a key log's <c>RSA</c> line would carry.
/// </summary>
internal static class ConnectionLocator
{
    public static CaptureConnections Locate(string capturePath, ILogger log)
    {
        var result = new CaptureConnections();
        using var processor = new CaptureProcessor(new KeyStore(), new Sink(result), logger: log);
        using var reader = CaptureReader.Open(capturePath);
        while (reader.TryRead(out var record))
        {
            if (record.Kind == CaptureRecordKind.DecryptionSecrets)
            {
                if (record.SecretsType == CaptureProcessor.TlsKeyLogSecretsType)
                {
                    foreach (var entry in KeyLogParser.Parse(record.Data.Span, "Decryption Secrets Block").Entries)
                    {
                        result.LinesPresent.Add(entry.Format());
                    }
                }

                continue;
            }

            processor.Process(record);
            result.Frames++;
        }

        processor.Finish();
        return result;
    }

    private sealed class Sink(CaptureConnections result) : ITlsEventSink
    {
        private const int HeaderLength = 4;
        private const int RsaIdentifierLength = 8;
        private readonly Dictionary<TlsConnection, string> _currentRandom = [];

        public void OnHandshakeMessage(TlsConnection connection, Direction direction, HandshakeType type, ReadOnlySpan<byte> message, long frame)
        {
            if (direction != Direction.ClientToServer)
            {
                return;
            }

            if (type == HandshakeType.ClientHello && connection.ClientRandom is { } random)
            {
                string hex = Convert.ToHexString(random);
                result.ClientHelloFrames.TryAdd(hex, frame);
                _currentRandom[connection] = hex;
            }
            else if (type == HandshakeType.ClientKeyExchange && _currentRandom.TryGetValue(connection, out string? clientRandom)
                && connection.CipherSuite is { } suite && CipherSuiteRegistry.TryGet(suite, out var info)
                && info.KeyExchange is KeyExchangeAlgorithm.Rsa or KeyExchangeAlgorithm.RsaExport)
            {
                // RFC 5246 §7.4.7.1: EncryptedPreMasterSecret is a vector with a 2-byte length (SSL 3.0: no length).
                int start = HeaderLength + (connection.Version == (ushort)TlsVersion.Ssl30 ? 0 : 2);
                if (message.Length >= start + RsaIdentifierLength)
                {
                    result.RsaIdentifiers.TryAdd(Convert.ToHexString(message.Slice(start, RsaIdentifierLength)), clientRandom);
                }
            }
        }
    }
}
