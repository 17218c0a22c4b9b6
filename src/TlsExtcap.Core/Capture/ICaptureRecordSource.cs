namespace TlsExtcap.Core.Capture;

/// <summary>Format-specific record reader behind <see cref="CaptureReader"/>.</summary>
internal interface ICaptureRecordSource
{
    bool TryRead(out CaptureRecord record);
}
