// The settings saved with a classifier come back field for field (the head's readout from the model's spec), and any
// damage to their JSON is a FormatException, whatever the damage: not JSON, not an object, a key missing, a value of
// the wrong type or out of range, an unknown truncation, a key given twice.
using Recurrent.Classification;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Tests.Classification;

public sealed class ClassifierSettingsTests
{
    private const string Saved =
        """{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""";

    [Fact]
    public void Every_field_survives_the_round_trip()
    {
        var settings = new ClassifierSettings
        {
            Lowercase = true, MaxLength = 17, Truncation = Truncation.KeepTail, Pooling = Readout.MaxOverSteps, ValidationFraction = 0.25,
            Batching = new SequenceBatching(ByLength: false, BalancedClasses: true), KeepRepeats = true, KeepConflicts = true,
        };
        Assert.Equal(settings, ClassifierSettings.FromJson(settings.ToJson(), Readout.MaxOverSteps));
        Assert.Equal(new ClassifierSettings(), ClassifierSettings.FromJson(new ClassifierSettings().ToJson(), Readout.FinalStates));
        var other = new ClassifierSettings { ValidationFraction = 0.1 + 0.2, Batching = new SequenceBatching(true, true), Pooling = Readout.MeanOverSteps };
        Assert.Equal(other, ClassifierSettings.FromJson(other.ToJson(), Readout.MeanOverSteps));
    }

    [Fact]
    public void The_saved_text_reads_as_written_by_hand()
    {
        var settings = ClassifierSettings.FromJson(Saved, Readout.LastStep);
        Assert.Equal(new ClassifierSettings
        {
            Lowercase = true, MaxLength = 17, Truncation = Truncation.KeepTail, Pooling = Readout.LastStep, ValidationFraction = 0.25,
            Batching = new SequenceBatching(false, true), KeepRepeats = true,
        }, settings);
        Assert.Equal(Saved, settings.ToJson());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("\"lowercase\"")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true}""")]
    [InlineData("""{"lowercase":"yes","max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":1.5,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":99999999999,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":-1,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":"17","truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"middle","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":2,"validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":1,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":-0.5,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":null,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":[true],"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"lowercase":false,"max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false}""")]
    [InlineData("""{"lowercase":true,"max_length":17,"truncation":"tail","validation_fraction":0.25,"by_length":false,"balanced_classes":true,"keep_repeats":true,"keep_conflicts":false} trailing""")]
    public void Damaged_settings_are_a_format_exception(string text)
    {
        var error = Assert.Throws<FormatException>(() => ClassifierSettings.FromJson(text, Readout.FinalStates));
        Assert.StartsWith("the classifier settings are damaged", error.Message);
    }

    [Fact]
    public void A_readout_a_classifier_cannot_use_is_refused()
    {
        Assert.Throws<FormatException>(() => ClassifierSettings.FromJson(Saved, Readout.EveryStep));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierSettings { Pooling = Readout.EveryStep }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierSettings { Truncation = (Truncation)7 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassifierSettings { ValidationFraction = double.NaN }.Validated());
    }
}
