// A SequenceLabel rule applied to the steps of one example (a whole sequence, or a window of it): the class name it
// gets, or, under Constant, a refusal that names two lines whose labels differ.
namespace Recurrent.Classification;

/// <summary>Derives an example's class from its steps' labels by the rule of a <see cref="SequenceOptions"/>.</summary>
internal sealed class LabelDerivation(SequenceOptions options, string source, string labelColumn)
{
    /// <summary>The class of the <paramref name="length"/> steps of <paramref name="sequence"/> from step index <paramref name="start"/>.</summary>
    /// <exception cref="RecurrentException">Under <see cref="SequenceLabel.Constant"/>, two of the steps have different labels.</exception>
    public string Class(SequenceRows sequence, int start, int length)
    {
        string[] labels = sequence.Labels;
        int end = start + length;
        switch (options.LabelFrom)
        {
            case SequenceLabel.LastStep:
                return labels[end - 1];
            case SequenceLabel.AnyStep:
                for (int t = end - 1; t >= start; t--)
                    if (labels[t] != options.Normal)
                        return labels[t];
                return options.Normal!;
            default: // where the label changes, the two lines to show the user
                for (int t = start + 1; t < end; t++)
                    if (labels[t] != labels[t - 1])
                        throw Conflict(sequence, start, t, length);
                return labels[start];
        }
    }

    /// <summary>The refusal of step <paramref name="changed"/>, whose label differs from the step's before it.</summary>
    private RecurrentException Conflict(SequenceRows sequence, int start, int changed, int length)
    {
        string where = $"{source}, line {sequence.Lines[changed]}, column '{labelColumn}'";
        string name = SequenceRows.Name(sequence.Id);
        string within = options.Window is null
            ? name
            : $"the window of {name} from step {SequenceRows.Display(sequence.Steps[start])} to {SequenceRows.Display(sequence.Steps[start + length - 1])}";
        string one = options.Window is null ? "a sequence" : "a window";
        return new RecurrentException(
            $"{where}: '{sequence.Labels[changed]}', but the step before it in {within} (line {sequence.Lines[changed - 1]}) is labelled '{sequence.Labels[changed - 1]}'; " +
            $"with labelFrom Constant {one} has one label: set labelFrom to LastStep or AnyStep to derive it.");
    }
}
