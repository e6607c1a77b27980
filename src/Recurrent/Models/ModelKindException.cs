// Raised when a valid model file holds another kind of model than the one asked for (a task model where a character
// model is resumed, a character model where a task run is): the file is fine, so this is not a CheckpointException,
// and the model it holds travels with the error so that a front end can say which of its commands reads it.
namespace Recurrent.Models;

/// <summary>A model file holds another kind of model than the operation reads; <see cref="Model"/> is what it holds.</summary>
public sealed class ModelKindException : RecurrentException
{
    /// <param name="message">A sentence that names the file, what it holds and what was expected.</param>
    /// <param name="model">The model the file holds.</param>
    public ModelKindException(string message, ModelBundle model) : base(message) => Model = model;

    /// <summary>The model the file holds.</summary>
    public ModelBundle Model { get; }
}
