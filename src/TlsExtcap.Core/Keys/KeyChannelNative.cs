using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// The few Linux system calls .NET has no managed API for: <c>mkfifo</c>, a non-blocking <c>open</c> of a
/// FIFO's write end, <c>fcntl</c> and <c>statx</c> (owner and type of a path or descriptor). Linux only: the
/// flag values are those of glibc/musl on x86-64, arm64, arm, riscv64, ppc64le and s390x, and
/// <c>struct statx</c> has one layout on every architecture (its reason to exist, statx(2)).
/// </summary>
internal static class KeyChannelNative
{
    public const int NoSuchFile = 2;         // ENOENT
    public const int NoSuchDevice = 6;       // ENXIO: open(2) of a FIFO's write end with O_NONBLOCK and no reader

    // <asm-generic/fcntl.h>
    private const int OpenWriteOnly = 0x1;        // O_WRONLY
    private const int OpenNonBlocking = 0x800;    // O_NONBLOCK (04000)
    private const int OpenCloseOnExec = 0x80000;  // O_CLOEXEC (02000000): never leak into `tlsinject run`'s child
    private const int GetStatusFlags = 3;         // F_GETFL
    private const int SetStatusFlags = 4;         // F_SETFL

    // <linux/fcntl.h>, <linux/stat.h>
    private const int CurrentDirectory = -100;    // AT_FDCWD
    private const int NoFollow = 0x100;           // AT_SYMLINK_NOFOLLOW
    private const int EmptyPath = 0x1000;         // AT_EMPTY_PATH: the descriptor itself
    private const uint WantTypeModeOwner = 0x1 | 0x2 | 0x8;  // STATX_TYPE | STATX_MODE | STATX_UID
    private const int StatxSize = 256;
    private const int StatxOwnerOffset = 20;      // __u32 stx_uid after stx_mask, stx_blksize, stx_attributes, stx_nlink
    private const int StatxModeOffset = 28;       // __u16 stx_mode after stx_gid

    public static uint EffectiveUserId() => geteuid();

    /// <summary>mkfifo(3) with the given permission bits (the umask still applies; the caller chmods).</summary>
    public static void MakeFifo(string path, int permissions)
    {
        if (mkfifo(path, (uint)permissions) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new KeyChannelException(KeyChannelError.CreateFailed, path, $"cannot create the FIFO: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>The status of <paramref name="path"/> itself (a symbolic link is not followed); false when it does not exist.</summary>
    public static bool TryGetStatus(string path, out UnixFileStatus status) => TryStatx(CurrentDirectory, path, NoFollow, out status);

    /// <summary>The status of what <paramref name="handle"/> refers to.</summary>
    public static UnixFileStatus GetStatus(SafeFileHandle handle, string path)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (!TryStatx((int)handle.DangerousGetHandle(), string.Empty, EmptyPath, out var status))
            {
                throw new KeyChannelException(KeyChannelError.NotAChannel, path, $"cannot check the opened channel: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            return status;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Opens a FIFO's write end without waiting for a reader; returns the errno on failure. fifo(7): with
    /// O_NONBLOCK, opening for writing fails with ENXIO unless some process has the FIFO open for reading.
    /// The descriptor is switched back to blocking writes, so that a full pipe waits instead of failing.
    /// </summary>
    public static SafeFileHandle? TryOpenWriter(string path, out int errno)
    {
        int fd = open(path, OpenWriteOnly | OpenNonBlocking | OpenCloseOnExec);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        // fcntl is variadic; on the Linux ABIs .NET supports an int vararg is passed like a fixed argument.
        int flags = fcntl(fd, GetStatusFlags, 0);
        if (flags < 0 || fcntl(fd, SetStatusFlags, flags & ~OpenNonBlocking) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return null;
        }

        errno = 0;
        return handle;
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private static bool TryStatx(int directory, string path, int flags, out UnixFileStatus status)
    {
        byte[] buffer = new byte[StatxSize];
        if (statx(directory, path, flags, WantTypeModeOwner, buffer) != 0)
        {
            status = default;
            return false;
        }

        // The kernel fills the struct in native byte order.
        status = new UnixFileStatus(
            MemoryMarshal.Read<ushort>(buffer.AsSpan(StatxModeOffset)),
            MemoryMarshal.Read<uint>(buffer.AsSpan(StatxOwnerOffset)));
        return true;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc")]
    private static extern uint geteuid();
}
