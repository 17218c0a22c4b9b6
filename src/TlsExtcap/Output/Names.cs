using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>The snake_case spellings of core enums in JSON and tables.</summary>
internal static class Names
{
    private static readonly Dictionary<DecryptFailureReason, string> FailureNames = new()
    {
        [DecryptFailureReason.NoKeys] = "no_keys",
        [DecryptFailureReason.BadRecordMac] = "bad_record_mac",
        [DecryptFailureReason.BadPadding] = "bad_padding",
        [DecryptFailureReason.RecordTooShort] = "record_too_short",
        [DecryptFailureReason.UnsupportedCipherSuite] = "unsupported_cipher_suite",
        [DecryptFailureReason.NoHandshake] = "no_handshake",
        [DecryptFailureReason.EarlyDataRejected] = "early_data_rejected",
        [DecryptFailureReason.StateLost] = "state_lost",
    };

    private static readonly Dictionary<ConnectionStatus, string> StatusNames = new()
    {
        [ConnectionStatus.Decrypted] = "decrypted",
        [ConnectionStatus.Partial] = "partial",
        [ConnectionStatus.NoKeys] = "no_keys",
        [ConnectionStatus.Failed] = "failed",
        [ConnectionStatus.OverLimit] = "over_limit",
    };

    private static readonly Dictionary<EarlyDataStatus, string> EarlyNames = new()
    {
        [EarlyDataStatus.None] = "none",
        [EarlyDataStatus.Accepted] = "accepted",
        [EarlyDataStatus.Rejected] = "rejected",
    };

    private static readonly Dictionary<ConnectionLimit, string> LimitNames = new()
    {
        [ConnectionLimit.HandshakeSize] = "handshake_size",
        [ConnectionLimit.ReassemblyWindow] = "reassembly_window",
    };

    public static string Failure(DecryptFailureReason reason) => FailureNames[reason];

    public static string Limit(ConnectionLimit limit) => LimitNames[limit];

    public static string Status(ConnectionStatus status) => StatusNames[status];

    public static string EarlyData(EarlyDataStatus status) => EarlyNames[status];
}
