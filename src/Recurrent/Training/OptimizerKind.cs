// The optimizers a user can pick by name, and how each is built with its default learning rate.
using System.Numerics;

namespace Recurrent.Training;

/// <summary>sgd, adagrad, rmsprop, adam or adamw.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional momentum (<see cref="Sgd{T}"/>, torch.optim.SGD).</summary>
    Sgd,

    /// <summary>Adagrad (<see cref="Adagrad{T}"/>, torch.optim.Adagrad).</summary>
    Adagrad,

    /// <summary>RMSprop (<see cref="RmsProp{T}"/>, torch.optim.RMSprop).</summary>
    RmsProp,

    /// <summary>Adam (<see cref="Adam{T}"/>, torch.optim.Adam).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (<see cref="Adam{T}"/> with λ &gt; 0, torch.optim.AdamW).</summary>
    AdamW,
}

/// <summary>Names, defaults and construction of the optimizers.</summary>
public static class OptimizerKinds
{
    /// <summary>torch.optim.AdamW's default weight decay.</summary>
    public const double DefaultAdamWWeightDecay = 0.01;

    /// <summary>The name on the command line: "sgd", "adagrad", "rmsprop", "adam", "adamw".</summary>
    public static string ToName(this OptimizerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses a name (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? name, out OptimizerKind kind) =>
        Enum.TryParse(name, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(name, out _);

    /// <summary>
    /// The learning rate used when none is given: torch.optim's default where it has one (Adagrad and RMSprop 0.01),
    /// char-rnn's 2e-3 for Adam (torch's 1e-3 is slow for character models), and 0.1 for SGD, which has none.
    /// </summary>
    public static double DefaultLearningRate(this OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => 0.1,
        OptimizerKind.Adagrad => 0.01,
        OptimizerKind.RmsProp => 0.01,
        OptimizerKind.Adam or OptimizerKind.AdamW => 2e-3,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A new optimizer of this kind for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="kind">The optimizer to build.</param>
    /// <param name="parameterCount">The length of the value and gradient buffers.</param>
    /// <param name="learningRate">lr (see <see cref="DefaultLearningRate"/> for the usual choice).</param>
    /// <param name="momentum">SGD's momentum; ignored by the others.</param>
    /// <param name="weightDecay">AdamW's decoupled weight decay (null: torch's 0.01); ignored by the others.</param>
    public static Optimizer<T> Create<T>(this OptimizerKind kind, int parameterCount, double learningRate, double momentum = 0,
        double? weightDecay = null)
        where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        OptimizerKind.Sgd => new Sgd<T>(parameterCount, learningRate, momentum),
        OptimizerKind.Adagrad => new Adagrad<T>(parameterCount, learningRate),
        OptimizerKind.RmsProp => new RmsProp<T>(parameterCount, learningRate),
        OptimizerKind.Adam => new Adam<T>(parameterCount, learningRate),
        OptimizerKind.AdamW => new Adam<T>(parameterCount, learningRate, weightDecay ?? DefaultAdamWWeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
