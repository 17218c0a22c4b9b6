using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// The dissector host's tables: record content types, handshake message types, extension types, and for
/// decrypted application data ALPN protocol ids and ports, plus heuristic dissectors and the certificate
/// dissector. <see cref="CreateDefault"/> fills them with the built-ins; plugins add to them.
/// </summary>
public sealed class DissectorRegistry
{
    private readonly List<IHeuristicDissector> _heuristics = [];
    private readonly List<string> _plugins = [];

    public DissectorTable<ContentType, IContentDissector> ContentTypes { get; } = new("tls.record.content_type");

    public DissectorTable<HandshakeType, IHandshakeDissector> HandshakeTypes { get; } = new("tls.handshake.type");

    public DissectorTable<ExtensionType, IExtensionDissector> Extensions { get; } = new("tls.handshake.extension.type");

    /// <summary>Application data by ALPN protocol id (RFC 7301), e.g. "http/1.1", "h2".</summary>
    public DissectorTable<string, IApplicationDataDissector> Alpn { get; } = new("tls.alpn");

    /// <summary>Application data by server port, when no ALPN was negotiated.</summary>
    public DissectorTable<int, IApplicationDataDissector> Ports { get; } = new("tls.port");

    public IReadOnlyList<IHeuristicDissector> Heuristics => _heuristics;

    public ICertificateDissector? Certificates { get; set; }

    /// <summary>Names of the plugins registered so far.</summary>
    public IReadOnlyList<string> Plugins => _plugins;

    public void AddHeuristic(IHeuristicDissector dissector)
    {
        ArgumentNullException.ThrowIfNull(dissector);
        _heuristics.Add(dissector);
    }

    /// <summary>Lets a plugin register its dissectors.</summary>
    public void AddPlugin(IDissectorPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        plugin.Register(this);
        _plugins.Add(plugin.Name);
    }

    /// <summary>The application-data dissector for a connection: by ALPN first, then by either port.</summary>
    public IApplicationDataDissector? ForApplicationData(string? alpn, int serverPort, int clientPort)
    {
        if (alpn is not null && Alpn.TryGet(alpn, out var byAlpn))
        {
            return byAlpn;
        }

        if (Ports.TryGet(serverPort, out var byPort) || Ports.TryGet(clientPort, out byPort))
        {
            return byPort;
        }

        return null;
    }

    /// <summary>A registry with every built-in dissector.</summary>
    public static DissectorRegistry CreateDefault()
    {
        var registry = new DissectorRegistry();
        Builtin.BuiltinDissectors.Register(registry);
        return registry;
    }
}
