// One run at a time per model file: two trainings writing the same --out would interleave their metrics, race their
// checkpoints and leave two "best" files. A run takes MODEL.lock beside its output (created exclusively, holding its
// process id) before any work and removes it when it ends; a second run finds it and refuses, naming the first. A
// lock whose process is gone (killed) is stale and taken over. Taking the lock also clears the temporary files a
// killed run of the same output left behind, since no other run can be writing them.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Cli;

internal sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;

    private RunLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// <summary>The lock of the run writing <paramref name="output"/> (as <see cref="Paths.Output"/> gives it).</summary>
    /// <exception cref="RecurrentException">Another live process holds it, or it cannot be made.</exception>
    public static RunLock Acquire(string output)
    {
        string path = output + ".lock";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
                stream.Flush();
                ClearTemporaries(output);
                return new RunLock(stream, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (Holder(path) is int pid && pid != Environment.ProcessId && IsRunning(pid))
                    throw new RecurrentException(
                        $"'{output}' is being written by another run (process {pid}, which holds '{path}'); wait for it to end or stop it, " +
                        "or write elsewhere.");
                TryDelete(path); // stale: the run that made it is gone
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RecurrentException($"Cannot make the lock file '{path}': {e.Message}");
            }
        }
        throw new RecurrentException($"Cannot take the lock file '{path}': another run keeps making it.");
    }

    public void Dispose()
    {
        _stream.Dispose();
        TryDelete(_path);
    }

    /// <summary>The process id written in a lock file, or null when it holds none (being written, or damaged).</summary>
    private static int? Holder(string path)
    {
        try
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            return int.TryParse(reader.ReadLine(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The temporary siblings a killed run of this output left: MODEL.safetensors.tmp-*, MODEL.stepN.valL.safetensors.tmp-*
    /// and MODEL.metrics.png.tmp, and nothing of another output whose name starts the same (MODEL.v2.safetensors).
    /// </summary>
    private static void ClearTemporaries(string output)
    {
        string full = Path.GetFullPath(output); // a bare name's folder is the working directory
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            return;
        string name = Regex.Escape(Path.GetFileName(full)), stem = Regex.Escape(Path.GetFileNameWithoutExtension(full));
        var temporary = new Regex($@"^(?:{name}\.tmp-[0-9a-f]+|{stem}\.step[0-9]+\.val[^/]*\.safetensors\.tmp-[0-9a-f]+|{stem}\.metrics\.png\.tmp)$",
            RegexOptions.CultureInvariant);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (temporary.IsMatch(Path.GetFileName(file)))
                TryDelete(file);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
