using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Verification;

/// <summary>
/// Keeps one connection's handshake transcript as the annotations see it and checks what can be checked
/// against it: Finished verify_data (RFC 8446 §4.4.4, RFC 5246 §7.4.9) with the connection's secrets, and
/// CertificateVerify / ServerKeyExchange signatures with the sender's certificate.
/// </summary>
public sealed partial class HandshakeVerifier : IHandshakeChecks
{
    /// <summary>Transcript bytes kept at most; a longer handshake is not checked.</summary>
    public const int MaxTranscriptBytes = 4 << 20;

    private readonly TlsConnection _connection;
    private readonly List<byte[]> _transcript = [];
    private int _transcriptBytes;
    private bool _overflow;
    private bool _complete;
    private bool _missedRecord;
    private readonly HashSet<(bool FromClient, int Sequence)> _dtlsSeen = [];
    private byte[]? _clientRandom;
    private byte[]? _serverRandom;
    private List<byte[]> _serverCertificates = [];
    private List<byte[]> _clientCertificates = [];

    public HandshakeVerifier(TlsConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The certificates (DER, leaf first) the server sent.</summary>
    public IReadOnlyList<byte[]> ServerCertificates => _serverCertificates;

    /// <summary>Adds a dissected handshake message (header included) to the transcript.</summary>
    public void OnMessage(ReadOnlySpan<byte> message, DissectionContext context)
    {
        var type = (HandshakeType)message[0];
        bool tls13 = context.IsTls13;
        // RFC 6347 §4.2.2: DTLS messages carry a 12-byte header; the transcript uses it with the fragment
        // fields of an unfragmented message.
        int header = context.IsDtls ? 12 : 4;
        if (type == HandshakeType.HelloVerifyRequest)
        {
            // RFC 6347 §4.2.1: the first ClientHello and the HelloVerifyRequest are not in the transcript.
            return;
        }

        if (context.IsDtls && message.Length >= header && _dtlsSeen.Contains((context.FromClient, (message[4] << 8) | message[5])))
        {
            // RFC 6347 §4.2.4: a retransmitted flight repeats messages; each counts once.
            return;
        }

        if (type == HandshakeType.ClientHello && context.FromClient)
        {
            // RFC 8446 §4.4.1: after a HelloRetryRequest the transcript goes on; any other ClientHello starts a handshake.
            bool afterRetry = _transcript.Count == 2 && _transcript[1][0] == (byte)HandshakeType.ServerHello
                && AnnotationSink.ServerHelloIsRetry(_transcript[1]);
            if (!afterRetry)
            {
                Reset();
            }

            if (message.Length >= header + 2 + 32)
            {
                _clientRandom = message.Slice(header + 2, 32).ToArray();
            }
        }
        else if (type == HandshakeType.ServerHello && !context.FromClient && message.Length >= header + 2 + 32
            && (context.IsDtls || !AnnotationSink.ServerHelloIsRetry(message)))
        {
            _serverRandom = message.Slice(header + 2, 32).ToArray();
        }

        if (context.IsDtls && message.Length >= header)
        {
            _dtlsSeen.Add((context.FromClient, (message[4] << 8) | message[5]));
        }

        // RFC 5246 §7.4.1.1: HelloRequest is not part of the transcript; RFC 8446 §4.6: post-handshake messages are not either.
        if (type == HandshakeType.HelloRequest || _complete
            || (tls13 && type is HandshakeType.NewSessionTicket or HandshakeType.KeyUpdate))
        {
            return;
        }

        Append(message);
        if (type == HandshakeType.Finished)
        {
            // TLS 1.3: the client's Finished ends the handshake (RFC 8446 §4.4.4); TLS 1.2: the second Finished does.
            _complete = tls13 ? context.FromClient : _transcript.Count(m => m[0] == (byte)HandshakeType.Finished) >= 2;
        }
    }

    /// <summary>A protected record of this handshake could not be decrypted: a message may be missing from the transcript.</summary>
    public void NoteUndecryptedRecord()
    {
        if (!_complete)
        {
            _missedRecord = true;
        }
    }

    /// <summary>
    /// An SSL 2.0-format CLIENT-HELLO starts the handshake: its bytes from msg_type on are the first transcript
    /// message, and the challenge, right-aligned in 32 zero bytes, is the client random (RFC 5246 Appendix E.2).
    /// </summary>
    public void OnSsl2ClientHello(ReadOnlySpan<byte> message, ReadOnlySpan<byte> challenge)
    {
        Reset();
        var random = new byte[32];
        var tail = challenge.Length > 32 ? challenge[^32..] : challenge;
        tail.CopyTo(random.AsSpan(32 - tail.Length));
        _clientRandom = random;
        Append(message);
    }

    public void OnCertificates(IReadOnlyList<AnnotationNode> certificates, DissectionContext context)
    {
        var list = certificates.Select(c => c.Bytes.ToArray()).ToList();
        CheckChain(certificates);
        if (context.FromClient)
        {
            _clientCertificates = list;
        }
        else
        {
            _serverCertificates = list;
        }
    }

    public void CheckFinished(AnnotationNode verifyData, DissectionContext context)
    {
        string? problem = FinishedExpected(context, out byte[]? expected);
        if (problem is not null)
        {
            verifyData.Value = $"not checked: {problem}";
            return;
        }

        bool ok = CryptographicOperations.FixedTimeEquals(expected, verifyData.Bytes);
        if (!ok && _missedRecord)
        {
            // e.g. an EndOfEarlyData under early traffic keys the key log does not hold (RFC 8446 §4.5).
            verifyData.Value = "not checked: a handshake record before it could not be decrypted, so the transcript is incomplete";
            return;
        }

        verifyData.Value = ok ? "verified" : "mismatch (wrong keys?)";
        verifyData.Severity = ok ? AnnotationSeverity.Verified : AnnotationSeverity.Error;
        verifyData.Text += ok
            ? "; recomputed from the transcript and the connection's secrets and equal: both sides saw the same handshake"
            : "; recomputed from the transcript and the connection's secrets and different: the keys are not this handshake's, or a message is missing from the capture";
    }

    private string? FinishedExpected(DissectionContext context, out byte[]? expected)
    {
        expected = null;
        if (_overflow)
        {
            return "the handshake is too long to keep";
        }

        if (_clientRandom is null || context.CipherSuite is not { } suiteValue || !CipherSuiteRegistry.TryGet(suiteValue, out var suite))
        {
            return "the hellos were not captured";
        }

        if (context.Version == 0x0100)
        {
            return "the pre-standard DTLS of OpenSSL before 0.9.8f is not followed";
        }

        if (context.IsTls13)
        {
            var label = context.FromClient ? KeyLogLabel.ClientHandshakeTrafficSecret : KeyLogLabel.ServerHandshakeTrafficSecret;
            var entry = _connection.ExportSecrets().FirstOrDefault(e => e.Label == label && e.Identifier.Span.SequenceEqual(_clientRandom));
            if (entry is null)
            {
                return "no handshake traffic secret in the key log";
            }

            byte[] hash = TranscriptHash(suite.PrfHash);
            expected = Tls13KeySchedule.ComputeFinishedVerifyData(suite.PrfHash, entry.Secret.Span, hash);
            return null;
        }

        var master = _connection.ExportSecrets().FirstOrDefault(e => e.Label == KeyLogLabel.ClientRandom && e.Identifier.Span.SequenceEqual(_clientRandom));
        if (master is null)
        {
            return "no master secret for this handshake";
        }

        // DTLS 1.0 hashes as TLS 1.1 does (RFC 4347 §4.2), DTLS 1.2 as TLS 1.2 (RFC 6347 §4.2).
        TlsVersion? known = context.Version switch
        {
            0xfeff => TlsVersion.Tls11,
            0xfefd => TlsVersion.Tls12,
            (ushort)TlsVersion.Ssl30 or (ushort)TlsVersion.Tls10 or (ushort)TlsVersion.Tls11 or (ushort)TlsVersion.Tls12 => (TlsVersion)context.Version,
            _ => null,
        };
        if (known is not { } version)
        {
            return $"version 0x{context.Version:x4} is not one the Finished computation knows";
        }

        byte[] handshakeHash = version switch
        {
            TlsVersion.Ssl30 => Concatenated(),
            TlsVersion.Tls10 or TlsVersion.Tls11 => [.. MD5.HashData(Concatenated()), .. SHA1.HashData(Concatenated())],
            _ => TranscriptHash(suite.PrfHash),
        };
        expected = Tls12KeyDerivation.ComputeFinishedVerifyData(version, suite.PrfHash, master.Secret.Span, context.FromClient, handshakeHash);
        return null;
    }

    /// <summary>
    /// Transcript-Hash(messages so far) (RFC 8446 §4.4.1). After a HelloRetryRequest the first ClientHello is
    /// replaced by the synthetic message_hash message: 0xFE, 00 00 Hash.length, Hash(ClientHello1).
    /// </summary>
    private byte[] TranscriptHash(HashAlgorithmName hash)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        for (int i = 0; i < _transcript.Count; i++)
        {
            if (i == 0 && _transcript.Count > 1 && AnnotationSink.ServerHelloIsRetry(_transcript[1]))
            {
                byte[] first = HashOf(hash, _transcript[0]);
                incremental.AppendData([(byte)HandshakeType.MessageHash, 0, 0, (byte)first.Length]);
                incremental.AppendData(first);
                continue;
            }

            incremental.AppendData(_transcript[i]);
        }

        return incremental.GetHashAndReset();
    }

    private static byte[] HashOf(HashAlgorithmName hash, byte[] data)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        incremental.AppendData(data);
        return incremental.GetHashAndReset();
    }

    private byte[] Concatenated() => [.. _transcript.SelectMany(m => m)];

    private void Append(ReadOnlySpan<byte> message)
    {
        if (_overflow || _transcriptBytes + message.Length > MaxTranscriptBytes)
        {
            _overflow = true;
            return;
        }

        _transcript.Add(message.ToArray());
        _transcriptBytes += message.Length;
    }

    private void Reset()
    {
        _transcript.Clear();
        _transcriptBytes = 0;
        _overflow = false;
        _complete = false;
        _missedRecord = false;
        _dtlsSeen.Clear();
        _serverRandom = null;
    }
}
