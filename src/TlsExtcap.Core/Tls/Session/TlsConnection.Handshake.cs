using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

public sealed partial class TlsConnection
{
    private void OnHandshakeMessage(DirectionState s, HandshakeType type, ReadOnlySpan<byte> message, long frame)
    {
        var body = message[HandshakeAssembler.HeaderSize..];
        bool fromClient = s.Direction == Direction.ClientToServer;
        try
        {
            switch (type)
            {
                case HandshakeType.ClientHello when fromClient:
                    BeginHandshake(ClientHelloInfo.Parse(body, Transport == Network.TransportProtocol.Udp), message);
                    break;
                case HandshakeType.ServerHello when !fromClient:
                    OnServerHello(ServerHelloInfo.Parse(body), message, frame);
                    break;
                case HandshakeType.HelloRetryRequest when !fromClient:
                    // draft-ietf-tls-tls13 before draft-22 had a distinct HelloRetryRequest message.
                    HelloRetryRequest = true;
                    _handshake?.AppendTranscript(message);
                    break;
                case HandshakeType.EncryptedExtensions when !fromClient:
                    OnEncryptedExtensions(body, message);
                    break;
                case HandshakeType.NewSessionTicket when !fromClient && !_tls13:
                    OnTls12NewSessionTicket(body);
                    break;
                case HandshakeType.ClientKeyExchange when fromClient:
                    OnClientKeyExchange(body, message);
                    break;
                case HandshakeType.Finished:
                    OnFinished(s, message);
                    break;
                case HandshakeType.EndOfEarlyData when fromClient && _tls13:
                    // RFC 8446 §4.5: after EndOfEarlyData the client uses its handshake traffic keys.
                    _handshake?.AppendTranscript(message);
                    SwitchStage(s, Tls13Stage.Handshake, 0);
                    break;
                case HandshakeType.KeyUpdate when _tls13:
                    // RFC 8446 §4.6.3: the sender's next records use application_traffic_secret_N+1.
                    SwitchStage(s, Tls13Stage.Application, s.Stage == Tls13Stage.Application ? s.Generation + 1 : 1);
                    break;
                default:
                    if (_handshake is { } ctx)
                    {
                        ctx.AppendTranscript(message);
                        if (!fromClient)
                        {
                            ctx.LastServerMessage = type;
                        }
                    }

                    break;
            }
        }
        catch (TlsDecodeException ex)
        {
            ReportHandshakeError(s.Direction, ex);
        }

        _sink.OnHandshakeMessage(this, s.Direction, type, message, frame);
    }

    private void BeginHandshake(ClientHelloInfo hello, ReadOnlySpan<byte> message)
    {
        var previous = _handshake;
        bool sameExchange = previous?.ClientHello is { } earlier && previous.ServerHello is null
            && earlier.Random.AsSpan().SequenceEqual(hello.Random);
        // RFC 8446 §4.1.4 (second ClientHello after HelloRetryRequest) and RFC 6347 §4.2.1 (after
        // HelloVerifyRequest) continue the same handshake; any other ClientHello starts a new one
        // (the first, or a renegotiation under the current keys, RFC 5746).
        bool afterRetry = previous is { HelloRetryRequest: true, Suite: null };
        if (sameExchange || afterRetry)
        {
            previous!.ClientHello = hello;
            if (Transport == Network.TransportProtocol.Udp && !afterRetry)
            {
                previous.ResetTranscript();
            }

            previous.AppendTranscript(message);
            return;
        }

        if (previous is not null && previous.KeyBlock is null)
        {
            previous.Dispose();
        }

        var context = new HandshakeContext { ClientHello = hello };
        context.AppendTranscript(message);
        _handshake = context;
        RememberClientRandom(hello.Random);
        if (ClientRandom is null)
        {
            ClientRandom = hello.Random;
            ServerName = hello.ServerName;
        }
    }

    private void OnServerHello(ServerHelloInfo hello, ReadOnlySpan<byte> message, long frame)
    {
        var ctx = _handshake ??= new HandshakeContext();
        ctx.AppendTranscript(message);
        ctx.LastServerMessage = HandshakeType.ServerHello;
        if (hello.IsHelloRetryRequest)
        {
            // RFC 8446 §4.1.4: the client answers with a second ClientHello; keys come later.
            ctx.HelloRetryRequest = true;
            HelloRetryRequest = true;
            return;
        }

        ctx.ServerHello = hello;
        ctx.Version = hello.NegotiatedVersion;
        _version = ctx.Version;
        CipherSuiteRegistry.TryGet(hello.CipherSuite, out var suite);
        ctx.Suite = suite;
        CipherSuite = hello.CipherSuite;
        if (TlsVersionNames.IsTls13(ctx.Version))
        {
            _tls13 = true;
            // TLS 1.3 keys come from the key log: no transcript hash is ever computed for it.
            ctx.ReleaseTranscript();
            // RFC 8446 §2.2: a ServerHello with pre_shared_key resumes a session.
            ctx.Resumed = hello.AcceptsPreSharedKey;
            _s2c.Encrypted = true;
            _s2c.Stage = Tls13Stage.Handshake;
            _c2s.Encrypted = true;
            _c2s.Stage = ctx.ClientHello?.OffersEarlyData == true && !ctx.HelloRetryRequest ? Tls13Stage.Early : Tls13Stage.Handshake;
            if (ctx.ClientHello?.OffersEarlyData == true)
            {
                // Settled by EncryptedExtensions (RFC 8446 §4.2.10); rejected until it says otherwise.
                EarlyData = EarlyDataStatus.Rejected;
            }
        }
        else
        {
            // RFC 5246 §7.4.1.3: an echoed non-empty session_id resumes that session (also for
            // RFC 5077 tickets, where the client sent a fresh session id with the ticket).
            byte[] offered = ctx.ClientHello?.SessionId ?? [];
            ctx.Resumed = offered.Length > 0 && hello.SessionId.AsSpan().SequenceEqual(offered);
            Alpn = hello.Alpn ?? Alpn;
        }

        Resumed = ctx.Resumed;
        _handshakes.Add(new HandshakeSummary(frame, ctx.Version, hello.CipherSuite, ctx.Resumed));
        FlushEarlyQueue();
    }

    private void OnEncryptedExtensions(ReadOnlySpan<byte> body, ReadOnlySpan<byte> message)
    {
        _handshake?.AppendTranscript(message);
        var (alpn, early) = ExtensionParsers.ParseEncryptedExtensions(body);
        Alpn = alpn ?? Alpn;
        if (_handshake?.ClientHello?.OffersEarlyData == true)
        {
            EarlyData = early ? EarlyDataStatus.Accepted : EarlyDataStatus.Rejected;
        }
    }

    private void OnFinished(DirectionState s, ReadOnlySpan<byte> message)
    {
        var ctx = _handshake;
        ctx?.AppendTranscript(message);
        if (_tls13)
        {
            // RFC 8446 §7.1: after its Finished, each side sends under application_traffic_secret_0
            // (a post-handshake authentication Finished, §4.6.2, changes nothing).
            if (s.Stage != Tls13Stage.Application)
            {
                SwitchStage(s, Tls13Stage.Application, 0);
            }

            return;
        }

        if (ctx?.MasterSecret is { } master)
        {
            CacheSession(ctx, master);
        }
    }
}
