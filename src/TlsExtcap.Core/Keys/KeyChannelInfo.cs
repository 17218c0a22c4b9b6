namespace TlsExtcap.Core.Keys;

/// <summary>A running capture's key channel, as <see cref="KeyChannel.Running"/> finds it.</summary>
/// <param name="ProcessId">The process id of the capturing <c>tlsextcap</c>; <c>tlsinject push --capture</c> takes it.</param>
/// <param name="Path">The FIFO (Unix) or named pipe (Windows) to write key-log lines into.</param>
public readonly record struct KeyChannelInfo(int ProcessId, string Path);
