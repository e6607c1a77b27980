// Reads a reference fixture written by tools/reference/make_fixtures.py (PyTorch, float64) and
// builds the matching Recurrent model and workspace from it, in float or double. A fixture without "head" is a
// character model's (classes at every step: "logits", targets a T × B grid); one with "head" names the head's kind
// and, in "readout", the steps it reads (the last step when absent; "readout_steps" N of them, 1 when absent, out[-N:];
// final_states, mean_over_steps, max_over_steps: a summary of each sequence):
// "outputs" are its rows, targets a tensor of values (regression) or a list of classes. A regression fixture may name
// its "regression_loss" (mse, mae, quantile) and "quantiles"; without them it is the mean squared error.
// "lengths" (B) gives each sequence's valid steps, the rest padding (pack_padded_sequence in PyTorch).
// "class_weights" (C) weighs a classification head's loss per class, as torch's cross_entropy(weight=).
// "bidirectional": true marks a bidirectional stack (h0, hT and their gradients then have L·2 entries, 2k + 1 reverse).
using System.Numerics;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Tests.Reference;

/// <summary>One PyTorch reference case: weights, inputs, and every output PyTorch computed from them.</summary>
public sealed class TorchFixture
{
    private TorchFixture(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static TorchFixture Load(string name) =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json"))).RootElement);

    public ModelSpec Spec => new(
        CellKinds.TryParse(Root.GetProperty("cell").GetString(), out var cell) ? cell : throw new InvalidDataException("unknown cell"),
        Root.GetProperty("input").GetString() switch
        {
            "onehot" => InputKind.OneHot,
            "embedding" => InputKind.Embedding,
            _ => InputKind.Dense,
        },
        Root.GetProperty("input_size").GetInt32(), Root.GetProperty("hidden").GetInt32(),
        Root.GetProperty("layers").GetInt32(), Root.GetProperty("output_size").GetInt32())
    {
        EmbeddingSize = Root.TryGetProperty("embedding_size", out var d) ? d.GetInt32() : 0,
        Dropout = Root.TryGetProperty("dropout", out var p) ? p.GetDouble() : 0,
        Head = Root.TryGetProperty("head", out var head) && head.GetString() == "regression" ? HeadKind.Regression : HeadKind.Classification,
        Readout = !Root.TryGetProperty("head", out _) ? Readout.EveryStep
            : !Root.TryGetProperty("readout", out var readout) ? Readout.LastStep
            : readout.GetString() switch
            {
                "every_step" => Readout.EveryStep,
                "last_step" => Readout.LastStep,
                "final_states" => Readout.FinalStates,
                "mean_over_steps" => Readout.MeanOverSteps,
                "max_over_steps" => Readout.MaxOverSteps,
                var other => throw new InvalidDataException($"unknown readout {other}"),
            },
        ReadoutSteps = Root.TryGetProperty("readout_steps", out var steps) ? steps.GetInt32() : 1,
        Bidirectional = Root.TryGetProperty("bidirectional", out var bidirectional) && bidirectional.GetBoolean(),
        Loss = !Root.TryGetProperty("regression_loss", out var loss) ? RegressionLoss.MeanSquaredError : loss.GetString() switch
        {
            "mse" => RegressionLoss.MeanSquaredError,
            "mae" => RegressionLoss.MeanAbsoluteError,
            "quantile" => RegressionLoss.Quantile,
            var other => throw new InvalidDataException($"unknown loss {other}"),
        },
        Quantiles = Root.TryGetProperty("quantiles", out var quantiles) ? quantiles.EnumerateArray().Select(e => e.GetDouble()).ToArray() : [],
    };

    /// <summary>The head's outputs PyTorch computed: "logits" of a character model's fixture, else "outputs".</summary>
    public double[] Outputs => Tensor(Root.TryGetProperty("logits", out _) ? "logits" : "outputs");

    /// <summary>Whether Forward must run in training mode, applying the fixture's dropout masks.</summary>
    public bool Training => Spec.Dropout > 0;

    public int Steps => Root.GetProperty("seq_len").GetInt32();
    public int Batch => Root.GetProperty("batch").GetInt32();
    public bool IsLstm => Spec.Cell == CellKind.Lstm;

    public static double[] Tensor(JsonElement tensor) =>
        tensor.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public double[] Tensor(string key) => Tensor(Root.GetProperty(key));

    public static int[] Grid(JsonElement rows) =>
        rows.EnumerateArray().SelectMany(row => row.EnumerateArray().Select(e => e.GetInt32())).ToArray();

    /// <summary>A model with the fixture's weights, a workspace with its inputs, targets and dropout masks, and its initial state.</summary>
    public (RecurrentModel<T> Model, ModelWorkspace<T> Workspace, RecurrentState<T> State) Build<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = BuildModel<T>();
        var workspace = model.CreateWorkspace(Steps, Batch);
        WriteBatch(workspace.Buffers);
        WriteDropoutMasks(workspace);
        WriteClassWeights(workspace);
        var state = model.CreateState(Batch);
        WriteInitialState(state);
        return (model, workspace, state);
    }

    /// <summary>The fixture's "class_weights" (torch's cross_entropy weight=) into the workspace, when it has them.</summary>
    public void WriteClassWeights<T>(ModelWorkspace<T> workspace) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Root.TryGetProperty("class_weights", out var weights))
            workspace.ClassWeights = [.. weights.EnumerateArray().Select(e => e.GetDouble())];
    }

    /// <summary>A model of the fixture's spec with its initial weights.</summary>
    public RecurrentModel<T> BuildModel<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = new RecurrentModel<T>(Spec);
        LoadParameters(model.Parameters, Root.GetProperty("params"));
        return model;
    }

    /// <summary>The fixture's inputs (tokens or vectors) and targets (classes or values).</summary>
    public void WriteBatch<T>(BatchBuffers<T> buffers) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Spec.TakesTokens)
            Grid(Root.GetProperty("tokens")).CopyTo(buffers.Tokens);
        else
            Convert<T>(Tensor("inputs")).CopyTo(buffers.Inputs);
        var targets = Root.GetProperty("targets");
        if (Spec.Head == HeadKind.Regression)
            Convert<T>(Tensor(targets)).CopyTo(buffers.TargetValues);
        else if (targets.ValueKind == JsonValueKind.Array && targets[0].ValueKind == JsonValueKind.Array)
            Grid(targets).CopyTo(buffers.Targets);
        else
            targets.EnumerateArray().Select(e => e.GetInt32()).ToArray().CopyTo(buffers.Targets);
        if (Root.TryGetProperty("lengths", out var lengths))
            lengths.EnumerateArray().Select(e => e.GetInt32()).ToArray().CopyTo(buffers.Lengths);
    }

    /// <summary>The dropout masks PyTorch drew (L × T × B × H), for fixtures that train with dropout.</summary>
    public void WriteDropoutMasks<T>(ModelWorkspace<T> workspace) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Training)
            return;
        T[] masks = Convert<T>(Tensor("dropout_masks"));
        for (int k = 0; k < workspace.DropoutMasks.Length; k++)
            masks.AsSpan(k * workspace.DropoutMasks[k].Length, workspace.DropoutMasks[k].Length).CopyTo(workspace.DropoutMasks[k]);
    }

    /// <summary>h0 (and c0 for an LSTM).</summary>
    public void WriteInitialState<T>(RecurrentState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Convert<T>(Tensor("h0")).CopyTo(state.Hiddens, 0);
        if (IsLstm)
            Convert<T>(Tensor("c0")).CopyTo(state.Cells, 0);
    }

    public static void LoadParameters<T>(ParameterSet<T> parameters, JsonElement tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var info in parameters.Parameters)
        {
            var tensor = tensors.GetProperty(info.Name);
            Assert.Equal(info.Shape, tensor.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Convert<T>(Tensor(tensor)).CopyTo(parameters.Value(info));
        }
    }

    public static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(T.CreateChecked).ToArray();

    /// <summary>Every case: character models (classes at every step), heads on the last step, regression at every step, the other losses, heads on the last steps.</summary>
    public static IEnumerable<object[]> CaseNames() =>
        new[] { "rnn_1layer_onehot", "lstm_1layer_onehot", "rnn_2layer_onehot", "lstm_2layer_onehot", "rnn_2layer_dense", "lstm_2layer_dense", "gru_1layer_onehot", "gru_2layer_onehot", "gru_2layer_dense",
                "lstm_2layer_embed_dropout", "gru_2layer_embed_dropout", "rnn_1layer_embed_dropout",
                "rnn_many_to_one_regression", "lstm_many_to_one_regression", "gru_many_to_one_regression",
                "gru_many_to_one_classification", "lstm_many_to_one_classification", "rnn_many_to_one_classification",
                "rnn_every_step_regression", "lstm_every_step_regression", "gru_every_step_regression" }
            .Concat(LossCaseNames)
            .Concat(LastStepsCaseNames)
            .Concat(BidirectionalCaseNames)
            .Concat(LengthsCaseNames)
            .Concat(PoolingCaseNames)
            .Concat(ClassWeightCaseNames)
            .Select(name => new object[] { name });

    /// <summary>Heads of several outputs on the last step with the other losses: pinball over 3 quantiles, MAE, MSE.</summary>
    public static readonly string[] LossCaseNames =
        ["lstm_1layer_quantile_regression", "lstm_2layer_quantile_regression", "gru_2layer_quantile_regression",
         "rnn_1layer_quantile_regression", "gru_1layer_mae_regression", "rnn_2layer_multi_output_regression"];

    /// <summary>Heads on the last 3 steps (out[-3:], a forecaster's direct head): pinball over 3 quantiles of 2 targets, MSE of 2.</summary>
    /// <summary>Bidirectional stacks (torch's bidirectional=True): heads on the last step and at every step, dense and one-hot input.</summary>
    public static readonly string[] BidirectionalCaseNames =
        ["lstm_1layer_bidirectional_regression", "lstm_2layer_bidirectional_regression", "gru_2layer_bidirectional_classification",
         "rnn_1layer_bidirectional_regression", "gru_1layer_bidirectional_regression", "rnn_2layer_bidirectional_every_step_regression",
         "lstm_2layer_bidirectional_onehot_classification"];

    /// <summary>Sequences of lengths 6, 3 and 5 padded to 6 steps (pack_padded_sequence, enforce_sorted=False): one and two layers, both directions, heads on each one's last step and at every step.</summary>
    public static readonly string[] LengthsCaseNames =
        ["lstm_1layer_lengths_regression", "lstm_2layer_lengths_classification", "gru_2layer_lengths_regression",
         "rnn_1layer_lengths_regression", "lstm_2layer_bidirectional_lengths_regression", "rnn_2layer_lengths_every_step_regression",
         "gru_1layer_bidirectional_lengths_every_step_classification"];

    /// <summary>
    /// Heads on a summary of each sequence: its final states (torch's h_n), the mean or the maximum of its outputs over its
    /// valid steps; lengths 6, 3 and 5 packed, or none; one and both directions.
    /// </summary>
    public static readonly string[] PoolingCaseNames =
        ["lstm_2layer_bidirectional_final_states_lengths", "gru_1layer_bidirectional_final_states", "lstm_1layer_final_states_lengths",
         "lstm_1layer_bidirectional_mean_lengths", "rnn_2layer_mean", "gru_2layer_bidirectional_max_lengths", "lstm_1layer_max",
         "rnn_1layer_bidirectional_max_lengths"];

    /// <summary>Classification heads trained with class weights (torch's cross_entropy weight=), on each sequence's maximum and at every step, lengths packed.</summary>
    public static readonly string[] ClassWeightCaseNames = ["gru_1layer_bidirectional_class_weights", "lstm_2layer_every_step_class_weights"];

    public static readonly string[] LastStepsCaseNames =
        ["lstm_last_steps_quantile_regression", "gru_last_steps_quantile_regression", "rnn_last_steps_mse_regression"];
}
