// How much of a gradient survives going back in time. For sequences of T steps and a loss on the last step only,
// L = u·h(T-1) with u a random unit vector (one per sequence, so dL/dh(T-1) = u has norm 1 and the norms below are
// the fraction that is left), it measures ‖dL/dh(T-1-k)‖ and ‖dL/dx(T-1-k)‖ for every distance k.
// The measure works on a model's RecurrentStack, whatever its head, so a character model and a task model are
// measured by the same code and only the inputs differ. The forward pass is the
// stack's own Forward; the backward pass is its layers' own Backward, driven with a gradient on the last hidden
// state instead of a head's: RecurrentLayer records the total dL/dh(t) of every step when asked
// (LayerBuffers.RecordStepHiddenGradients), and dL/dx = dGates·W_ih.
// Inputs: a character model reads uniformly random tokens (or random windows of a given text), or N(0, 1) vectors
// when dense; a task model reads sequences drawn from its task's generator. A u·h loss rather than the model's own
// loss keeps the head out of the picture, so the same measure applies to any model, trained or at initialisation.
using System.Numerics;
using Recurrent.Layers;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;

namespace Recurrent.Diagnostics;

/// <summary>Measures gradient norms as a function of the distance back in time from a loss on the last step.</summary>
public static class GradientFlow
{
    /// <summary>The measure follows dL/dh(t) of one direction back from the last step; a bidirectional stack has two, running opposite ways.</summary>
    private static void RefuseBidirectional<T>(RecurrentModel<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (model.Spec.Bidirectional)
            throw new ArgumentException("Gradient flow is measured back from the last step through one direction; this model is bidirectional.",
                nameof(model));
    }

    /// <summary>
    /// Runs <paramref name="samples"/> random sequences of <paramref name="length"/> steps (one batch, from a zero
    /// state, no dropout) and averages the gradient norms geometrically over them; see <see cref="GradientFlowResult"/>.
    /// The sequences and the vectors u come from <paramref name="seed"/> alone.
    /// </summary>
    /// <param name="model">The model measured, trained or not; its head plays no part.</param>
    /// <param name="length">T, the steps of every sequence.</param>
    /// <param name="samples">The sequences, run as one batch (B = samples).</param>
    /// <param name="seed">The seed of the inputs and of the vectors u.</param>
    /// <param name="text">For token models: sequences are windows of this text at random offsets, instead of random tokens.</param>
    /// <exception cref="ArgumentOutOfRangeException">length or samples is below 1, or a text token is outside [0, V).</exception>
    /// <exception cref="ArgumentException">The text is shorter than the length, or given for a dense model.</exception>
    public static GradientFlowResult Measure<T>(RecurrentModel<T> model, int length, int samples, ulong seed,
        IReadOnlyList<int>? text = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var rng = new Rng(seed);
        var workspace = model.CreateWorkspace(length, samples);
        FillInputs(workspace, model.Spec, length, samples, rng, text);
        return Measure(model, workspace, length, rng);
    }

    /// <summary>
    /// As the character model's measure, for a task model reading <paramref name="samples"/> sequences of
    /// <paramref name="task"/> (T = the task's length, which may differ from the one it was trained on), drawn
    /// from <paramref name="seed"/> by the task's generator; the vectors u come from the same seed after them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">samples is below 1.</exception>
    /// <exception cref="ArgumentException">The task's inputs do not fit the model (another input form or size).</exception>
    public static GradientFlowResult Measure<T>(RecurrentModel<T> model, SequenceTask task, int samples, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (task.Input != model.Spec.Input || task.InputSize != model.Spec.InputSize)
            throw new ArgumentException($"The {task.Name} task's inputs ({task.Input}, {task.InputSize}) do not fit the model's " +
                $"({model.Spec.Input}, {model.Spec.InputSize}).", nameof(task));
        var rng = new Rng(seed);
        var workspace = model.CreateWorkspace(task.Length, samples);
        task.NewBatch(rng, samples).CopyTo(workspace.Buffers);
        return Measure(model, workspace, task.Length, rng);
    }

    /// <summary>
    /// The measure itself, on any model's stack, once the caller has written <paramref name="workspace"/>'s inputs for
    /// <paramref name="length"/> steps of its B sequences: draws a unit vector u per sequence from
    /// <paramref name="rng"/>, runs Forward from a zero state without dropout, backpropagates L = Σ_b u_b·h_top(T-1, b)
    /// (see <see cref="Backward{T}"/>)
    /// and takes the geometric mean over the B sequences of each step's norms.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">length is not in [1, the workspace's MaxSteps].</exception>
    /// <exception cref="ArgumentException">The model is bidirectional.</exception>
    public static GradientFlowResult Measure<T>(RecurrentModel<T> model, ModelWorkspace<T> workspace, int length, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        model.EnsureFloatWeights();
        RefuseBidirectional(model);
        var spec = model.Spec;
        int batch = workspace.Batch, hidden = spec.Hidden;
        var u = new T[batch * hidden];
        for (int b = 0; b < batch; b++)
            DrawUnitVector(rng, u.AsSpan(b * hidden, hidden));

        model.Stack.Forward(workspace, length, model.CreateState(batch));
        var dInputs = new T[length * batch * spec.LayerInputSize(0)];
        Backward(model, workspace, u, dInputs);

        var byLayer = new double[spec.Layers][];
        for (int k = 0; k < spec.Layers; k++)
            byLayer[k] = Norms(workspace.Layers[k].StepHiddenGradients, length, batch, hidden);
        double[] input = Norms(dInputs, length, batch, spec.LayerInputSize(0));
        return new GradientFlowResult(spec.Cell, hidden, spec.Layers, length, batch, byLayer[^1], input, byLayer);
    }

    /// <summary>
    /// After <c>model.Stack.Forward(workspace, T, ...)</c> (or the model's Forward) without dropout: backpropagates L = Σ_b dLastHidden_b·h_top(T-1, b)
    /// through every layer and step. Afterwards each layer's StepHiddenGradients (T × B × H) holds dL/dh(t) and
    /// <paramref name="dInputs"/> (T × B × I, I the first layer's input size: V for one-hot, D for embedded) dL/dx(t).
    /// The model's parameter gradients are not touched.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length, the last Forward applied dropout, or the model is bidirectional.</exception>
    public static void Backward<T>(RecurrentModel<T> model, ModelWorkspace<T> workspace, ReadOnlySpan<T> dLastHidden, Span<T> dInputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        model.EnsureFloatWeights();
        RefuseBidirectional(model);
        var spec = model.Spec;
        var parameters = model.Parameters;
        int steps = workspace.Steps, batch = workspace.Batch, hidden = spec.Hidden, rows = steps * batch;
        int width = spec.GateCount * hidden, top = spec.Layers - 1;
        if (workspace.Dropping)
            throw new ArgumentException("Gradient flow is measured without dropout: run Forward with training off.", nameof(workspace));
        if (dLastHidden.Length != batch * hidden)
            throw new ArgumentException($"dLastHidden must hold B·H = {batch * hidden} values.", nameof(dLastHidden));
        if (dInputs.Length != rows * spec.LayerInputSize(0))
            throw new ArgumentException($"dInputs must hold T·B·I = {rows * spec.LayerInputSize(0)} values.", nameof(dInputs));

        var layer = model.Stack.Layer; // the model's time loop, its zoneout included
        var dWhh = new T[width * hidden]; // scratch: the weight gradients Backward adds are not wanted here
        var dBhh = new T[width];
        Span<T> fromAbove = workspace.Layers[top].DHiddens.AsSpan(0, rows * hidden);
        fromAbove.Clear();
        dLastHidden.CopyTo(fromAbove[((steps - 1) * batch * hidden)..]);
        for (int k = top; k >= 0; k--)
        {
            var buffers = workspace.Layers[k];
            buffers.RecordStepHiddenGradients();
            layer.Backward(buffers, parameters.Value(ParameterNames.WeightHh(k)), dWhh, dBhh, steps, batch);
            // dL/d(layer input) = dL/d(input pre-activations) · W_ih: the layer below's dL/dh from above, or dL/dx.
            int inputs = spec.LayerInputSize(k);
            Span<T> below = k > 0 ? workspace.Layers[k - 1].DHiddens.AsSpan(0, rows * hidden) : dInputs;
            below.Clear();
            MatMul.AddAB<T>(buffers.DGates.AsSpan(0, rows * width), parameters.Value(ParameterNames.WeightIh(k)),
                below, rows, inputs, width);
        }
    }

    private static void FillInputs<T>(ModelWorkspace<T> workspace, ModelSpec spec, int length, int batch, Rng rng,
        IReadOnlyList<int>? text) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!spec.TakesTokens)
        {
            if (text is not null)
                throw new ArgumentException("A text is read by token models only.", nameof(text));
            Span<T> inputs = workspace.Inputs.AsSpan(0, length * batch * spec.InputSize);
            for (int k = 0; k < inputs.Length; k++)
                inputs[k] = T.CreateChecked(rng.NextNormal());
            return;
        }
        if (text is not null && text.Count < length)
            throw new ArgumentException($"The text has {text.Count} tokens, fewer than the length {length}.", nameof(text));
        for (int b = 0; b < batch; b++)
        {
            int offset = text is null ? 0 : rng.NextInt(text.Count - length + 1);
            for (int t = 0; t < length; t++)
            {
                int token = text is null ? rng.NextInt(spec.InputSize) : text[offset + t];
                if (token < 0 || token >= spec.InputSize)
                    throw new ArgumentOutOfRangeException(nameof(text), token, $"A token is outside [0, {spec.InputSize}).");
                workspace.Tokens[t * batch + b] = token;
            }
        }
    }

    /// <summary>A direction drawn uniformly on the unit sphere (normalised standard normals).</summary>
    private static void DrawUnitVector<T>(Rng rng, Span<T> u) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<double> draws = u.Length <= 1024 ? stackalloc double[u.Length] : new double[u.Length];
        double sum = 0;
        for (int k = 0; k < u.Length; k++)
        {
            draws[k] = rng.NextNormal();
            sum += draws[k] * draws[k];
        }
        double scale = 1 / Math.Sqrt(sum);
        for (int k = 0; k < u.Length; k++)
            u[k] = T.CreateChecked(draws[k] * scale);
    }

    /// <summary>For each distance k, the geometric mean over the B sequences of the norm of row (T-1-k, b) of a (T × B × n) buffer.</summary>
    private static double[] Norms<T>(ReadOnlySpan<T> values, int steps, int batch, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var norms = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            int t = steps - 1 - k;
            double logSum = 0;
            bool zero = false;
            for (int b = 0; b < batch; b++)
            {
                double norm = Norm(values.Slice((t * batch + b) * size, size));
                if (norm == 0)
                    zero = true;
                else
                    logSum += Math.Log(norm);
            }
            norms[k] = zero ? 0 : Math.Exp(logSum / batch);
        }
        return norms;
    }

    /// <summary>The Euclidean norm, scaled by the largest magnitude first so that tiny values do not underflow when squared.</summary>
    private static double Norm<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (T v in row)
            largest = Math.Max(largest, Math.Abs(double.CreateChecked(v)));
        if (largest == 0 || !double.IsFinite(largest))
            return largest;
        double squares = 0;
        foreach (T v in row)
        {
            double scaled = double.CreateChecked(v) / largest;
            squares += scaled * scaled;
        }
        return largest * Math.Sqrt(squares);
    }
}
