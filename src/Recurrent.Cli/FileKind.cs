// What a path names, without opening it: opening a FIFO blocks until someone writes, and a device reads forever or
// swallows writes, so the command line asks first. .NET reports no file types, so on Linux this asks lstat(2) of
// libc (the C library every Linux process already has; st_mode's offset in struct stat is fixed per architecture);
// elsewhere it tells only what .NET can: missing, a directory, a symbolic link, or else a file.
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
    /// <summary>What <paramref name="path"/> names.</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() && ModeOffset() is int offset)
        {
            byte* buffer = stackalloc byte[256]; // struct stat is 144 bytes on x64, 128 on arm64
            if (LStat(path, buffer) != 0)
                return FileKind.Missing;
            return (*(uint*)(buffer + offset) & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Directory,
                0xA000 => FileKind.SymbolicLink,
                0x1000 => FileKind.Fifo,
                0x2000 => FileKind.CharacterDevice,
                0x6000 => FileKind.BlockDevice,
                0xC000 => FileKind.Socket,
                _ => FileKind.Regular,
            };
        }
        if (new FileInfo(path).LinkTarget is not null)
            return FileKind.SymbolicLink;
        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
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
}
