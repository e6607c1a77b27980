// The network and batching of a forecaster, beside its layout (what it reads and writes) and the optimisation
// (TrainingOptions): the cell, its size and dropout, and the windows per training batch.
using Recurrent.Models;

namespace Recurrent.Forecasting;

/// <summary>Cell, hidden units, layers, dropout and batch of a forecaster's training.</summary>
public sealed record ForecastModelOptions
{
    /// <summary>The recurrent cell (default LSTM).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>H, the hidden units per layer.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>L, the stacked layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Dropout between layers and before the head, in [0, 1).</summary>
    public double Dropout { get; init; }

    /// <summary>Zoneout of h (<see cref="ModelSpec.ZoneoutHidden"/>); 0: none.</summary>
    public double ZoneoutHidden { get; init; }

    /// <summary>Zoneout of the LSTM's C (<see cref="ModelSpec.ZoneoutCell"/>); 0: none.</summary>
    public double ZoneoutCell { get; init; }

    /// <summary>B, the windows of a training batch.</summary>
    public int Batch { get; init; } = 32;
}
