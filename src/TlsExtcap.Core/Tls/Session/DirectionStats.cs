namespace TlsExtcap.Core.Tls.Session;

/// <summary>Counters for one direction of a connection; the summary command prints them.</summary>
public sealed class DirectionStats
{
    /// <summary>Failure entries kept per direction; further failures are only counted.</summary>
    public const int MaxFailuresKept = 64;

    private readonly List<RecordFailure> _failures = [];
    private BackgroundSha256? _sha256;
    private byte[]? _digest;

    public long Records { get; internal set; }

    public long PlaintextRecords { get; internal set; }

    public long EncryptedRecords { get; internal set; }

    public long EncryptedRecordsDecrypted { get; internal set; }

    public long AppDataRecords { get; internal set; }

    public long AppDataRecordsDecrypted { get; internal set; }

    public long AppDataRecordsFailed { get; internal set; }

    public long AppDataBytes { get; internal set; }

    public long FailureCount { get; internal set; }

    public IReadOnlyList<RecordFailure> Failures => _failures;

    /// <summary>SHA-256 of the decrypted application data in record order (null when hashing is off).</summary>
    public byte[]? AppDataSha256 => _digest ??= _sha256?.Finish();

    internal void EnableHash() => _sha256 ??= new BackgroundSha256();

    internal void AddAppData(ReadOnlySpan<byte> plaintext)
    {
        AppDataBytes += plaintext.Length;
        _sha256?.Append(plaintext);
    }

    internal void AddFailure(RecordFailure failure)
    {
        FailureCount++;
        if (_failures.Count < MaxFailuresKept)
        {
            _failures.Add(failure);
        }
    }

    internal void FinishHash()
    {
        if (_sha256 is not null && _digest is null)
        {
            _digest = _sha256.Finish();
            _sha256 = null;
        }
    }
}
