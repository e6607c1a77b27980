// What a path names, without opening it: opening a FIFO blocks until someone writes, and a device reads forever or
// swallows writes, so the command line asks first. .NET reports no file types, so on Linux this asks stat(2) and
// lstat(2) of libc (the C library every Linux process already has; st_mode's offset in struct stat is fixed per
// architecture); elsewhere it tells only what .NET can: missing, a directory, a symbolic link, or else a file.
using System.Runtime.InteropServices;

namespace Recurrent.Cli;

/// <summary>The kind of file system entry a path names (a symbolic link itself, not what it points to).</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

internal static unsafe class FileKinds
{
    /// <summary>What <paramref name="path"/> names: a symbolic link is reported as one.</summary>
    public static FileKind Of(string path) => Kind(path, followLinks: false);

    /// <summary>
    /// What <paramref name="path"/> ends at once its symbolic links are followed: /dev/stdin from a pipe is a FIFO,
    /// though the link's text ("pipe:[...]") names no file.
    /// </summary>
    public static FileKind Final(string path) => Kind(path, followLinks: true);

    private static FileKind Kind(string path, bool followLinks)
    {
        if (OperatingSystem.IsLinux() && ModeOffset() is int offset && Mode(path, followLinks, offset) is uint mode)
        {
            return (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0xA000 => FileKind.SymbolicLink,
                0x1000 => FileKind.Fifo,
                0x2000 => FileKind.CharacterDevice,
                0x6000 => FileKind.BlockDevice,
                0xC000 => FileKind.Socket,
                0 => FileKind.Missing,
                _ => FileKind.Regular,
            };
        }
        if (!followLinks && new FileInfo(path).LinkTarget is not null)
            return FileKind.SymbolicLink;
        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>st_mode of <paramref name="path"/>: 0 when it does not exist, null when this libc has no stat/lstat symbols (glibc before 2.33).</summary>
    private static uint? Mode(string path, bool followLinks, int offset)
    {
        byte* buffer = stackalloc byte[256]; // struct stat is 144 bytes on x64, 128 on arm64
        try
        {
            int failed = followLinks ? Stat(path, buffer) : LStat(path, buffer);
            return failed != 0 ? 0u : *(uint*)(buffer + offset);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>"a FIFO", "a character device"...: for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Missing => "missing",
        _ => "a file",
    };

    /// <summary>The offset of st_mode in glibc's struct stat: after st_dev, st_ino and st_nlink on x64, before st_nlink on arm64.</summary>
    private static int? ModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => null,
    };

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer);
}
