using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Records;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

public sealed partial class TlsConnection
{
    private readonly List<(byte[] Record, long Frame)> _earlyQueue = [];
    private int _earlyQueueBytes;

    /// <summary>One framed TLS record of a stream; <paramref name="wire"/> is the whole record, header included.</summary>
    private void OnRecord(DirectionState s, ContentType type, ushort wireVersion, ReadOnlySpan<byte> wire, long frame)
    {
        var fragment = wire[TlsRecordHeader.Size..];
        // TLS 1.3 0-RTT: the client's protected records may precede the ServerHello, which names the
        // suite. Hold them (bounded) until it arrives. RFC 8446 §2.3.
        if (s.Direction == Direction.ClientToServer && type == ContentType.ApplicationData && !s.Encrypted
            && _handshake?.ServerHello is null && _handshake?.ClientHello is not null
            && _earlyQueueBytes + fragment.Length <= _options.MaxQueuedEarlyBytes)
        {
            _earlyQueue.Add((wire.ToArray(), frame));
            _earlyQueueBytes += fragment.Length;
            return;
        }

        s.Stats.Records++;
        s.RecordNumber++;
        bool encrypted = _tls13 ? type == ContentType.ApplicationData && s.Encrypted : s.Encrypted;
        if (!encrypted)
        {
            s.Stats.PlaintextRecords++;
            _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, TlsRecordHeader.Size, type, wireVersion));
            _sink.OnRecord(this, s.Direction, new RecordEvent(s.RecordNumber, type, type, fragment.Length, false, false, frame));
            Dispatch(s, type, fragment, frame, decrypted: false);
            return;
        }

        s.Stats.EncryptedRecords++;
        bool ok = _tls13
            ? TryDecryptTls13(s, wireVersion, fragment, out int length, out var reason)
            : TryDecryptTls12(s, type, wireVersion, s.Sequence, fragment, explicitSequence: false, out length, out reason);
        ContentType inner = type;
        int decryptedLength = length;
        if (ok && _tls13)
        {
            // RFC 8446 §5.4: strip zero padding; the last non-zero byte is the real content type.
            if (!RecordDecryptor.TryParseTls13InnerPlaintext(s.Scratch.AsSpan(0, length), out inner, out length))
            {
                ok = false;
                reason = DecryptFailureReason.BadRecordMac;
            }
        }

        if (!ok)
        {
            _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, TlsRecordHeader.Size, type, wireVersion)
            {
                Encrypted = true,
                Layout = s.Decryptor?.Layout ?? RecordLayout.Unknown,
                Failure = reason,
            });
            Fail(s, type, fragment.Length, reason, frame);
            return;
        }

        s.Stats.EncryptedRecordsDecrypted++;
        _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, TlsRecordHeader.Size, type, wireVersion)
        {
            Encrypted = true,
            Decrypted = true,
            InnerType = inner,
            Plaintext = s.Scratch.AsSpan(0, decryptedLength),
            ContentLength = length,
            Layout = s.Decryptor?.Layout ?? RecordLayout.Unknown,
            Stage = _tls13 ? s.Stage : null,
            Generation = s.Generation,
        });
        _sink.OnRecord(this, s.Direction, new RecordEvent(s.RecordNumber, type, inner, fragment.Length, true, true, frame));
        Dispatch(s, inner, s.Scratch.AsSpan(0, length), frame, decrypted: true);
    }

    private void OnDtlsRecord(DirectionState s, in DtlsRecordHeader header, ReadOnlySpan<byte> wire, long frame)
    {
        var fragment = wire[DtlsRecordHeader.Size..];
        s.Stats.Records++;
        s.RecordNumber++;
        // RFC 6347 §4.1: epoch 0 is the null cipher; later epochs are protected by the keys of the
        // handshake that preceded the ChangeCipherSpec that started them.
        if (header.Epoch == 0)
        {
            s.Stats.PlaintextRecords++;
            _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, DtlsRecordHeader.Size, header.Type, header.Version) { Epoch = header.Epoch });
            _sink.OnRecord(this, s.Direction, new RecordEvent(s.RecordNumber, header.Type, header.Type, fragment.Length, false, false, frame));
            Dispatch(s, header.Type, fragment, frame, decrypted: false);
            return;
        }

        s.Stats.EncryptedRecords++;
        if (header.Epoch > s.Epoch)
        {
            // The ChangeCipherSpec was lost or reordered: move to the new epoch now.
            JumpToEpoch(s, header.Epoch);
        }

        bool ok = header.Epoch == s.Epoch
            ? TryDecryptTls12(s, header.Type, header.Version, header.CombinedSequence, fragment, explicitSequence: true, out int length, out var reason)
            : Failed(DecryptFailureReason.StateLost, out length, out reason);
        if (!ok && header.Epoch == s.Epoch && reason == DecryptFailureReason.BadRecordMac
            && header.Version == (ushort)TlsVersion.DtlsOpenSslPre098f)
        {
            // OpenSSL before 0.9.8f (DTLS1_BAD_VER) computed the MAC as TLS 1.0 does: the 48-bit
            // sequence number without the epoch, and version 0x0301 in the pseudo-header.
            ok = TryDecryptTls12(s, header.Type, (ushort)TlsVersion.Tls10, header.SequenceNumber, fragment, explicitSequence: true, out length, out reason);
        }
        if (!ok)
        {
            _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, DtlsRecordHeader.Size, header.Type, header.Version)
            {
                Encrypted = true,
                Layout = s.Decryptor?.Layout ?? RecordLayout.Unknown,
                Failure = reason,
                Epoch = header.Epoch,
            });
            Fail(s, header.Type, fragment.Length, reason, frame);
            return;
        }

        s.Stats.EncryptedRecordsDecrypted++;
        _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, DtlsRecordHeader.Size, header.Type, header.Version)
        {
            Encrypted = true,
            Decrypted = true,
            Plaintext = s.Scratch.AsSpan(0, length),
            ContentLength = length,
            Layout = s.Decryptor?.Layout ?? RecordLayout.Unknown,
            Epoch = header.Epoch,
        });
        _sink.OnRecord(this, s.Direction, new RecordEvent(s.RecordNumber, header.Type, header.Type, fragment.Length, true, true, frame));
        Dispatch(s, header.Type, s.Scratch.AsSpan(0, length), frame, decrypted: true);
    }

    private static bool Failed(DecryptFailureReason why, out int length, out DecryptFailureReason reason)
    {
        length = 0;
        reason = why;
        return false;
    }

    private void Fail(DirectionState s, ContentType outerType, int length, DecryptFailureReason reason, long frame)
    {
        var failure = new RecordFailure(s.RecordNumber, reason, frame);
        s.Stats.AddFailure(failure);
        // TLS 1.3 hides the content type; a failed record outside the handshake stage is application data.
        bool appData = _tls13 ? s.Stage != Tls13Stage.Handshake : outerType == ContentType.ApplicationData;
        if (appData)
        {
            s.Stats.AppDataRecords++;
            s.Stats.AppDataRecordsFailed++;
        }

        _sink.OnRecord(this, s.Direction, new RecordEvent(s.RecordNumber, outerType, outerType, length, true, false, frame));
        _sink.OnDecryptionFailure(this, s.Direction, failure);
    }

    private void Dispatch(DirectionState s, ContentType type, ReadOnlySpan<byte> content, long frame, bool decrypted)
    {
        switch (type)
        {
            case ContentType.ApplicationData:
                s.Stats.AppDataRecords++;
                if (decrypted)
                {
                    s.Stats.AppDataRecordsDecrypted++;
                }

                s.Stats.AddAppData(content);
                _sink.OnApplicationData(this, s.Direction, content, frame);
                break;
            case ContentType.Handshake:
                AppendHandshake(s, content, frame);
                break;
            case ContentType.ChangeCipherSpec:
                // RFC 8446 §5 / Appendix D.4: in TLS 1.3 a ChangeCipherSpec is only a middlebox-compatibility
                // record — the client may send it before the ServerHello, ahead of its 0-RTT data.
                if (!_tls13 && _handshake?.ServerHello is not null)
                {
                    OnChangeCipherSpec(s);
                }

                break;
        }
    }

    private void AppendHandshake(DirectionState s, ReadOnlySpan<byte> content, long frame)
    {
        try
        {
            if (s.DtlsHandshake is { } dtls)
            {
                dtls.Append(content, (type, message) => OnHandshakeMessage(s, type, message, frame));
            }
            else
            {
                s.Handshake.Append(content, (type, message) => OnHandshakeMessage(s, type, message, frame));
            }
        }
        catch (TlsDecodeException ex)
        {
            ReportHandshakeError(s.Direction, ex);
        }
    }

    /// <summary>Replays 0-RTT records held while the ServerHello was awaited.</summary>
    private void FlushEarlyQueue()
    {
        if (_earlyQueue.Count == 0)
        {
            return;
        }

        var queued = _earlyQueue.ToArray();
        _earlyQueue.Clear();
        _earlyQueueBytes = 0;
        foreach (var (record, frame) in queued)
        {
            ushort version = (ushort)((record[1] << 8) | record[2]);
            if (!_c2s.Encrypted)
            {
                // No ServerHello ever came: count the records as undecryptable early data.
                _c2s.Stats.Records++;
                _c2s.RecordNumber++;
                _c2s.Stats.EncryptedRecords++;
                _c2s.Stage = Tls13Stage.Early;
                _tls13 = true;
                Fail(_c2s, ContentType.ApplicationData, record.Length - TlsRecordHeader.Size, DecryptFailureReason.NoKeys, frame);
                _tls13 = _version != 0 && TlsVersionNames.IsTls13(_version);
                continue;
            }

            OnRecord(_c2s, ContentType.ApplicationData, version, record, frame);
        }
    }

    /// <summary>
    /// TLS ≤ 1.2 and DTLS record decryption with the active keys. AEAD and explicit-IV suites are
    /// stateless in the sequence number, so after a gap the next few numbers are tried (bounded).
    /// </summary>
    private bool TryDecryptTls12(DirectionState s, ContentType type, ushort wireVersion, ulong sequence,
        ReadOnlySpan<byte> fragment, bool explicitSequence, out int length, out DecryptFailureReason reason)
    {
        length = 0;
        var decryptor = s.Decryptor;
        if (decryptor is null)
        {
            reason = s.MissingKeyReason ?? DecryptFailureReason.NoKeys;
            if (!explicitSequence)
            {
                s.Sequence++;
            }

            return false;
        }

        int window = explicitSequence || decryptor.IsStateful ? 0 : s.TrialWindow;
        EnsureScratch(s, fragment.Length);
        RecordDecryptStatus status = RecordDecryptStatus.BadRecordMac;
        for (int k = 0; k <= window; k++)
        {
            status = decryptor.Decrypt(type, wireVersion, sequence + (ulong)k, fragment, s.Scratch, out length);
            if (status == RecordDecryptStatus.Ok)
            {
                if (!explicitSequence)
                {
                    s.Sequence = sequence + (ulong)k + 1;
                    s.TrialWindow = 0;
                }

                reason = default;
                return true;
            }

            if (status is RecordDecryptStatus.UnsupportedCipher or RecordDecryptStatus.RecordTooShort)
            {
                break;
            }
        }

        if (!explicitSequence)
        {
            if (decryptor.IsStateful)
            {
                s.Sequence++;
            }
            else
            {
                // The record may be corrupt, or records were lost: widen the trial window by one.
                s.TrialWindow = Math.Min(_options.MaxTrialWindow, s.TrialWindow + 1);
            }
        }

        reason = status switch
        {
            RecordDecryptStatus.BadPadding => DecryptFailureReason.BadPadding,
            RecordDecryptStatus.RecordTooShort => DecryptFailureReason.RecordTooShort,
            RecordDecryptStatus.UnsupportedCipher => DecryptFailureReason.UnsupportedCipherSuite,
            _ => DecryptFailureReason.BadRecordMac,
        };
        return false;
    }

    private static void EnsureScratch(DirectionState s, int length)
    {
        if (s.Scratch.Length < length)
        {
            s.Scratch = new byte[Math.Max(length, (16 * 1024) + 256)];
        }
    }
}
