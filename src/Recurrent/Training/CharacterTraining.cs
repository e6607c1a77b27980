// The front end for character models: cuts a text into its training part (char-rnn's streams, TextStreams) and its
// validation part (read from a zero state, TextValidation), and starts or resumes a TrainingSession over them. Its
// run metadata (train.seq_len, train.batch, train.val_fraction, train.data_sha256) lets a resumed run cut the text
// the same way and notice a different one; a text with other characters than the checkpoint's is refused.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Starts and resumes training runs of character models on texts.</summary>
public static class CharacterTraining
{
    /// <summary>
    /// A new run of <paramref name="model"/> (a character model, initialised by the caller) on a text's tokens (indices
    /// into its vocabulary), checkpointed to <paramref name="checkpointPath"/> (null: no files).
    /// </summary>
    /// <exception cref="ArgumentException">The model is not a character model.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A batching setting or an option is out of range.</exception>
    /// <exception cref="RecurrentException">The training part of the text is too short for one window.</exception>
    public static CharacterRun Start(ModelBundle model, int[] tokens, TextBatching batching, TrainingOptions options,
        string? checkpointPath = null)
    {
        if (!model.IsCharacterModel)
            throw new ArgumentException($"Text training needs a character model; this is {model.Describe()}.", nameof(model));
        return Build(model, tokens, batching.Validated(), (source, validator, metadata) =>
            TrainingSession.Start(model, source, validator, options, checkpointPath, metadata));
    }

    /// <summary>
    /// Continues the run saved in <paramref name="resumeFrom"/> on <paramref name="text"/> (the text it started on), up
    /// to <paramref name="steps"/> steps in all (null: the saved run's own total).
    /// </summary>
    /// <remarks>The text's tokens are renumbered in place to the checkpoint's vocabulary.</remarks>
    /// <exception cref="IO.CheckpointException">The checkpoint cannot be resumed.</exception>
    /// <exception cref="ModelKindException">The checkpoint holds another kind of model than a character model.</exception>
    /// <exception cref="RecurrentException">The text's characters differ from the checkpoint's vocabulary.</exception>
    public static CharacterRun Resume(string resumeFrom, EncodedText text, long? steps, string? checkpointPath, Action<string>? warn = null)
    {
        var checkpoint = TrainingCheckpoint.Load(resumeFrom);
        var model = checkpoint.Model;
        if (!model.IsCharacterModel)
            throw new ModelKindException($"Cannot resume '{resumeFrom}' on a text: it is {model.Describe()}, not a character model.", model);
        var vocabulary = model.Vocabulary!;
        var added = text.Vocabulary.Symbols.Except(vocabulary.Symbols).ToArray();
        var missing = vocabulary.Symbols.Except(text.Vocabulary.Symbols).ToArray();
        if (added.Length > 0 || missing.Length > 0)
            throw new RecurrentException(
                $"Cannot resume '{resumeFrom}' on this text: its characters differ from the checkpoint's vocabulary " +
                $"({Describe(added, "new")}{(added.Length > 0 && missing.Length > 0 ? "; " : "")}{Describe(missing, "missing")}). " +
                "Resume with the text the run started on.");
        TextBatching batching;
        try
        {
            var m = checkpoint.Metadata;
            batching = new TextBatching
            {
                SeqLen = int.Parse(m["train.seq_len"], CultureInfo.InvariantCulture),
                Batch = int.Parse(m["train.batch"], CultureInfo.InvariantCulture),
                ValFraction = double.Parse(m["train.val_fraction"], CultureInfo.InvariantCulture),
            }.Validated();
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new IO.CheckpointException($"'{resumeFrom}' cannot be resumed on a text: its batching settings are missing or damaged.", e);
        }
        int[] renumber = text.Vocabulary.Symbols.Select(symbol => vocabulary.Encode(symbol)[0]).ToArray();
        int[] tokens = text.Tokens;
        for (int k = 0; k < tokens.Length; k++)
            tokens[k] = renumber[tokens[k]];
        return Build(model, tokens, batching, (source, validator, metadata) =>
        {
            if (checkpoint.Metadata.TryGetValue(DataKey, out var saved) && saved != metadata[DataKey])
                warn?.Invoke($"the text differs from the one '{resumeFrom}' was trained on; continuing on this one.");
            return TrainingSession.Resume(checkpoint, source, validator, steps, checkpointPath, metadata); // the text read now
        });
    }

    private const string DataKey = "train.data_sha256";

    private static CharacterRun Build(ModelBundle model, int[] tokens, TextBatching batching,
        Func<TextStreams, TextValidation?, Dictionary<string, string>, TrainingSession> session)
    {
        int trainLength = batching.TrainLength(tokens.Length);
        var streams = new TextStreams(tokens.AsMemory(0, trainLength), batching.Batch, batching.SeqLen);
        var validation = tokens.Length - trainLength >= 2 ? new TextValidation(model.Network, tokens.AsMemory(trainLength)) : null;
        var metadata = new Dictionary<string, string>
        {
            ["train.seq_len"] = TrainingOptions.Invariant(batching.SeqLen),
            ["train.batch"] = TrainingOptions.Invariant(batching.Batch),
            ["train.val_fraction"] = TrainingOptions.Invariant(batching.ValFraction),
            [DataKey] = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(tokens.AsSpan()))),
        };
        return new CharacterRun(session(streams, validation, metadata), batching, trainLength, tokens.Length - trainLength);
    }

    private static string Describe(string[] symbols, string what) =>
        symbols.Length == 0 ? "" : $"{symbols.Length} {what}: " +
            string.Join(" ", symbols.Take(10).Select(s => Vocabulary.Describe(System.Text.Rune.GetRuneAt(s, 0)))) +
            (symbols.Length > 10 ? " ..." : "");
}
