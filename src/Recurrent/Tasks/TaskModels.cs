// A model trained on a long-range task is a ModelBundle like any other: the task it was trained on (its name and
// length) and how the run went live in the bundle's metadata ("task", "length", "steps", "test_solved",
// "test_loss"), so ModelFile saves and loads it, and the task can be rebuilt from the file.
using System.Globalization;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Tasks;

/// <summary>The task metadata of task models, and the task of a loaded one.</summary>
public static class TaskModels
{
    /// <summary>The bundle of a model trained on <paramref name="task"/>, with the run's final score when given.</summary>
    public static ModelBundle Bundle(RecurrentModel<float> model, SequenceTask task, TaskOutcome? outcome = null)
    {
        var metadata = new Dictionary<string, string>
        {
            ["task"] = task.Name,
            ["length"] = task.Length.ToString(CultureInfo.InvariantCulture),
        };
        if (outcome is not null)
        {
            metadata["steps"] = outcome.Steps.ToString(CultureInfo.InvariantCulture);
            metadata["test_solved"] = outcome.Final.Test.Solved.ToString("R", CultureInfo.InvariantCulture);
            metadata["test_loss"] = outcome.Final.Test.Loss.ToString("R", CultureInfo.InvariantCulture);
        }
        return new ModelBundle(model) { Metadata = metadata };
    }

    /// <summary>Whether the bundle says it was trained on a task.</summary>
    public static bool IsTaskModel(ModelBundle model) => model.Metadata.ContainsKey("task");

    /// <summary>The task a model was trained on, rebuilt from its metadata, and checked to fit the model.</summary>
    /// <param name="model">A bundle read from a task-model file; its metadata names the task and its length.</param>
    /// <param name="path">The file the model came from, for messages.</param>
    /// <exception cref="CheckpointException">The metadata names no task, an unknown one, a bad length, or a task the model does not fit.</exception>
    public static SequenceTask TaskOf(ModelBundle model, string path)
    {
        CheckpointException Fail(string what) => new($"'{path}' is not a valid Recurrent task model: {what}.");
        if (!model.Metadata.TryGetValue("task", out var given))
            throw Fail("its metadata has no \"task\"");
        string name = TaskCatalog.Normalize(given) ?? throw Fail($"unknown task \"{given}\"");
        if (!model.Metadata.TryGetValue("length", out var text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length < 1)
            throw Fail("\"length\" is missing or not a positive integer");
        if (length < TaskCatalog.MinimumLength(name))
            throw Fail($"a length of {length} is too short for {name}");
        var task = TaskCatalog.Create(name, length);
        if (!task.Fits(model.Spec))
            throw Fail($"{model.Describe()} does not fit the {name} task");
        return task;
    }
}
