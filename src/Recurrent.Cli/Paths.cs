// The checks every path option gets before any work: an empty path is refused; an input must be a regular file
// (or '-' where standard input is offered); an output is written through a symbolic link to the file it names, must
// not be a directory, a device, a FIFO or a socket (writing replaces the file by renaming a new one over it, which
// would replace a device node), and gets its missing parent folders created, as training tools do.
namespace Recurrent.Cli;

internal static class Paths
{
    /// <summary>The standard input's name where an option reads it.</summary>
    public const string StandardInput = "-";

    /// <summary>An input file: not empty, and a regular file (or missing: the reader then says so in its own words).</summary>
    /// <exception cref="UsageException">The path is empty.</exception>
    /// <exception cref="RecurrentException">It names a directory, a device, a FIFO or a socket.</exception>
    public static string Input(string option, string? path, bool standardInput = false)
    {
        NotEmpty(option, path);
        if (standardInput && path == StandardInput)
            return path;
        var kind = FileKinds.Final(path!);
        if (kind is not (FileKind.Regular or FileKind.Missing))
            throw new RecurrentException($"{option}: '{path}' is {FileKinds.Describe(kind)}, not a regular file" +
                (standardInput ? $"; to read standard input, give '{StandardInput}'." : "."));
        return path!;
    }

    /// <summary>
    /// An output file, checked before any work, with its folder created when missing: the path as given, or for a
    /// symbolic link the file it ends at (written through the link).
    /// </summary>
    /// <exception cref="UsageException">The path is empty, or names a directory, a device, a FIFO or a socket, or its folder cannot be made.</exception>
    public static string Output(string option, string? path)
    {
        NotEmpty(option, path);
        string target = FileKinds.Of(path!) == FileKind.SymbolicLink ? Final(path!) : path!;
        var kind = FileKinds.Final(target);
        if (kind is not (FileKind.Regular or FileKind.Missing))
            throw new UsageException($"{option}: '{path}' is {FileKinds.Describe(kind)}; give the path of a file to write.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(target));
        if (folder is not null && !Directory.Exists(folder))
        {
            if (File.Exists(folder))
                throw new UsageException($"{option}: '{folder}' is a file, so '{path}' cannot be made in it.");
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{option}: cannot make the folder '{folder}': {e.Message}");
            }
        }
        return target;
    }

    /// <exception cref="UsageException">The path is null, empty or blank.</exception>
    public static void NotEmpty(string option, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UsageException($"{option} must not be empty: give a path.");
    }

    /// <summary>The file a chain of symbolic links ends at (the path itself when a link in the chain is broken).</summary>
    private static string Final(string path)
    {
        try
        {
            // From the full path: given a bare name ("link.safetensors"), .NET resolves a relative link target against
            // the root instead of the link's folder.
            string full = Path.GetFullPath(path);
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }
}
