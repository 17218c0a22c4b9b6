using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Output;

/// <summary>An <c>S</c> line: a data source other than the frame. <see cref="Bytes"/> is null when its hex was left out.</summary>
public sealed record DecodedSource(int Index, DataSourceKind Kind, string Label, byte[]? Bytes);
