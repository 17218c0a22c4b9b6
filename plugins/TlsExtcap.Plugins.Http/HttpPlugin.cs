using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Plugins.Http;

/// <summary>
/// The plugin's entry point: registers the HTTP/1.1 annotator for ALPN "http/1.1" and as a heuristic for
/// connections without ALPN (anything that starts like an HTTP/1.x request or response).
/// </summary>
public sealed class HttpPlugin : IDissectorPlugin
{
    public string Name => "HTTP/1.1 annotator (sample plugin)";

    public void Register(DissectorRegistry registry)
    {
        var dissector = new Http1Dissector();
        registry.Alpn.Register("http/1.1", dissector);
        registry.Alpn.Register("http/1.0", dissector);
        registry.AddHeuristic(dissector);
    }
}
