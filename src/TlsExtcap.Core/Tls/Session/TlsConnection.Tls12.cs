using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

public sealed partial class TlsConnection
{
    private void OnClientKeyExchange(ReadOnlySpan<byte> body, ReadOnlySpan<byte> message)
    {
        if (_handshake is not { } ctx)
        {
            return;
        }

        ctx.ClientKeyExchange = body.ToArray();
        ctx.AppendTranscript(message);
        // RFC 7627 §3: session_hash covers the handshake up to and including ClientKeyExchange.
        if (ctx.ServerHello?.UsesExtendedMasterSecret == true && ctx.ClientHello?.OffersExtendedMasterSecret == true)
        {
            ctx.SessionHash = ctx.TranscriptHash(UsesMd5Sha1(ctx.Version), ctx.Suite?.PrfHash ?? HashAlgorithmName.SHA256);
        }

        // Nothing after ClientKeyExchange is hashed here (Finished messages are not verified).
        ctx.ReleaseTranscript();
    }

    /// <summary>RFC 5077 §3.3: NewSessionTicket { uint32 ticket_lifetime_hint; opaque ticket&lt;0..2^16-1&gt;; }.</summary>
    private void OnTls12NewSessionTicket(ReadOnlySpan<byte> body)
    {
        var reader = new TlsReader(body, "NewSessionTicket");
        reader.ReadUInt32();
        var ticket = reader.ReadVector16("NewSessionTicket.ticket");
        reader.EnsureEnd();
        if (_handshake is { } ctx && !ticket.IsEmpty)
        {
            byte[] value = ticket.RemainingSpan.ToArray();
            ctx.Tickets.Add(value);
            if (ctx.MasterSecret is { } master)
            {
                _sessions.Add(value, isTicket: true, master);
            }
        }
    }

    /// <summary>
    /// RFC 5246 §7.1: a ChangeCipherSpec switches this direction to the pending keys of the latest
    /// handshake, with the sequence number reset to zero. In DTLS it also starts the next epoch.
    /// </summary>
    private void OnChangeCipherSpec(DirectionState s)
    {
        if (_handshake is { } ctx && s.Direction == Direction.ServerToClient
            && ctx.LastServerMessage is HandshakeType.ServerHello or HandshakeType.NewSessionTicket)
        {
            // RFC 5077 §3.1 / RFC 5246 §7.3: the server went straight from ServerHello to
            // ChangeCipherSpec — an abbreviated handshake, also when the session id was not echoed.
            if (!ctx.Resumed)
            {
                ctx.Resumed = true;
                Resumed = true;
                if (_handshakes.Count > 0)
                {
                    _handshakes[^1] = _handshakes[^1] with { Resumed = true };
                }
            }
        }

        ActivatePendingKeys(s);
    }

    /// <summary>
    /// RFC 6347 §4.1: a record of a later epoch whose ChangeCipherSpec was lost. Every epoch in between
    /// would take the same pending keys (one handshake is followed), so they are activated once — a
    /// forged epoch of 65535 must not create 65535 decryptors (found by the fuzz campaign: ~200 ms a record).
    /// </summary>
    private void JumpToEpoch(DirectionState s, ushort epoch)
    {
        s.Epoch = (ushort)(epoch - 1);
        ActivatePendingKeys(s);
    }

    private void ActivatePendingKeys(DirectionState s)
    {
        if (s.DtlsHandshake is not null)
        {
            s.Epoch++;
        }

        s.Encrypted = true;
        var ctx = _handshake;
        if (ctx is null || ctx.ServerHello is null)
        {
            s.SetDecryptor(null);
            s.MissingKeyReason = ClientRandom is null ? DecryptFailureReason.NoHandshake : DecryptFailureReason.NoKeys;
            return;
        }

        // RFC 8446 §4.1.3: TLS 1.3 suites are not negotiable in TLS ≤ 1.2 (and name-only suites have no crypto).
        if (ctx.Suite is not { IsSupported: true, IsTls13: false } suite)
        {
            s.SetDecryptor(null);
            s.MissingKeyReason = DecryptFailureReason.UnsupportedCipherSuite;
            return;
        }

        var block = EnsureTls12Keys(ctx);
        if (block is null)
        {
            s.SetDecryptor(null);
            s.MissingKeyReason = DecryptFailureReason.NoKeys;
            return;
        }

        bool client = s.Direction == Direction.ClientToServer;
        bool etm = ctx.ServerHello.UsesEncryptThenMac && ctx.ClientHello?.OffersEncryptThenMac == true;
        RecordDecryptor decryptor;
        try
        {
            decryptor = RecordDecryptor.Create(suite, (TlsVersion)ctx.Version,
            client ? block.ClientKey : block.ServerKey,
            client ? block.ClientIv : block.ServerIv,
            client ? block.ClientMacKey : block.ServerMacKey,
            etm);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            s.SetDecryptor(null);
            s.MissingKeyReason = DecryptFailureReason.UnsupportedCipherSuite;
            _log.Debug("Connection {Connection}: no record decryptor ({Reason})", ToString(), ex.GetType().Name);
            return;
        }

        s.SetDecryptor(decryptor);
        s.MissingKeyReason = null;
    }

    /// <summary>
    /// Finds the master secret (key log by client random, then the session cache for an abbreviated
    /// handshake, then a pre-master secret from PMS_CLIENT_RANDOM, the RSA key exchange or a PSK) and
    /// expands the key block (RFC 5246 §6.3). Null when no key material is known.
    /// </summary>
    private Tls12KeyBlock? EnsureTls12Keys(HandshakeContext ctx)
    {
        if (ctx.KeyBlock is not null)
        {
            return ctx.KeyBlock;
        }

        var hello = ctx.ClientHello;
        var server = ctx.ServerHello;
        if (hello is null || server is null || ctx.Suite is not { } suite)
        {
            return null;
        }

        ctx.MasterSecret ??= FindMasterSecret(ctx, hello, server, suite);
        if (ctx.MasterSecret is null)
        {
            return null;
        }

        try
        {
            ctx.KeyBlock = Tls12KeyDerivation.DeriveKeyBlock((TlsVersion)ctx.Version, suite, ctx.MasterSecret, hello.Random, server.Random);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            // A version/suite pair the key derivation does not define (e.g. an export suite, or a
            // ServerHello naming a version the suite cannot use): the connection stays encrypted.
            _log.Debug("Connection {Connection}: no key block ({Reason})", ToString(), ex.GetType().Name);
            return null;
        }
        CacheSession(ctx, ctx.MasterSecret);
        _sink.OnKeysAvailable(this);
        return ctx.KeyBlock;
    }

    /// <summary>RFC 5246 §7.3 / RFC 5077 §3.1: the master secret of the session resumed by session ID or by ticket.</summary>
    private byte[]? FromSessionCache(ClientHelloInfo hello)
    {
        if (_sessions.TryGet(hello.SessionId, isTicket: false, out var master) && master is not null)
        {
            return master;
        }

        if (hello.SessionTicket is { Length: > 0 } ticket && _sessions.TryGet(ticket, isTicket: true, out master) && master is not null)
        {
            return master;
        }

        return null;
    }

    private byte[]? FindMasterSecret(HandshakeContext ctx, ClientHelloInfo hello, ServerHelloInfo server, CipherSuiteInfo suite)
    {
        // Secrets from the store are copies: what this connection zeroes is not the store's.
        if (_keys.TryGetSecret(KeyLogLabel.ClientRandom, hello.Random, 0, out var master))
        {
            return master;
        }

        if (ctx.Resumed)
        {
            if (FromSessionCache(hello) is { } cached)
            {
                return cached;
            }

            // Several processors at once: the connection that cached the session may still be on its way.
            if (_sessions.WaitForEarlierFrames is { } wait)
            {
                wait(LastFrame);
                return FromSessionCache(hello);
            }

            return null;
        }

        byte[]? preMaster = null;
        if (_keys.TryGetSecret(KeyLogLabel.PmsClientRandom, hello.Random, 0, out var pms))
        {
            preMaster = pms;
        }
        else if (ctx.ClientKeyExchange is { } cke)
        {
            preMaster = PreMasterFromClientKeyExchange(ctx, suite, cke);
        }

        if (preMaster is null)
        {
            return null;
        }

        try
        {
            var version = (TlsVersion)ctx.Version;
            // RFC 7627 §4: with extended_master_secret the seed is the session hash.
            return ctx.SessionHash is { } sessionHash
                ? Tls12KeyDerivation.ComputeExtendedMasterSecret(version, suite.PrfHash, preMaster, sessionHash)
                : Tls12KeyDerivation.ComputeMasterSecret(version, suite.PrfHash, preMaster, hello.Random, server.Random);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(preMaster);
        }
    }

    /// <summary>RSA (RFC 5246 §7.4.7.1), PSK and RSA_PSK (RFC 4279 §2, §4) pre-master secrets.</summary>
    private byte[]? PreMasterFromClientKeyExchange(HandshakeContext ctx, CipherSuiteInfo suite, byte[] cke)
    {
        switch (suite.KeyExchange)
        {
            case KeyExchangeAlgorithm.Rsa or KeyExchangeAlgorithm.RsaExport:
                return DecryptRsaPreMaster(ctx, cke);
            case KeyExchangeAlgorithm.Psk:
                foreach (var psk in _keys.Psks)
                {
                    return Tls12KeyDerivation.BuildPskPreMasterSecret(KeyExchangeAlgorithm.Psk, psk.Span, ReadOnlySpan<byte>.Empty);
                }

                return null;
            case KeyExchangeAlgorithm.RsaPsk:
                {
                    // RFC 4279 §4: psk_identity<0..2^16-1> then EncryptedPreMasterSecret.
                    var reader = new TlsReader(cke, "ClientKeyExchange");
                    reader.ReadVector16("ClientKeyExchange.psk_identity");
                    byte[] encrypted = reader.RemainingSpan.ToArray();
                    byte[]? rsaPart = DecryptRsaPreMaster(ctx, encrypted);
                    if (rsaPart is null || _keys.Psks.Count == 0)
                    {
                        return null;
                    }

                    return Tls12KeyDerivation.BuildPskPreMasterSecret(KeyExchangeAlgorithm.RsaPsk, _keys.Psks[0].Span, rsaPart);
                }

            default:
                return null;
        }
    }

    private byte[]? DecryptRsaPreMaster(HandshakeContext ctx, byte[] cke)
    {
        // RFC 5246 §7.4.7.1: TLS wraps EncryptedPreMasterSecret in a 2-byte length; SSL 3.0 does not.
        ReadOnlySpan<byte> encrypted = cke;
        if (ctx.Version != (ushort)TlsVersion.Ssl30 && cke.Length >= 2 && ((cke[0] << 8) | cke[1]) == cke.Length - 2)
        {
            encrypted = cke.AsSpan(2);
        }

        return _keys.TryGetRsaPreMasterSecret(encrypted, out var preMaster) ? preMaster : null;
    }

    private void CacheSession(HandshakeContext ctx, byte[] master)
    {
        if (ctx.ServerHello is { SessionId.Length: > 0 } server)
        {
            _sessions.Add(server.SessionId, isTicket: false, master);
        }

        foreach (var ticket in ctx.Tickets)
        {
            _sessions.Add(ticket, isTicket: true, master);
        }
    }

    /// <summary>TLS 1.0/1.1 and DTLS 1.0 hash the handshake with MD5 || SHA-1 (RFC 2246 §7.4.9).</summary>
    private static bool UsesMd5Sha1(ushort version) =>
        version is (ushort)TlsVersion.Tls10 or (ushort)TlsVersion.Tls11 or (ushort)TlsVersion.Dtls10 or (ushort)TlsVersion.DtlsOpenSslPre098f or (ushort)TlsVersion.Ssl30;
}
