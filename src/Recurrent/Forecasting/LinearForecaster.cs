// The "linear model on the same inputs" baseline of a forecast backtest: multi-output least squares with an
// intercept and a small ridge term, fitted in closed form. If the recurrent forecaster cannot beat this on the same
// lagged inputs, its recurrence is not earning its keep. Inputs and targets are rows back to back, as the model's
// windows are; the numeric work is NormalEquations'.
using System.Numerics.Tensors;
using Recurrent.Numerics;

namespace Recurrent.Forecasting;

/// <summary>ŷ = b + xᵀW: a linear map of I inputs to O outputs with an intercept, fitted by ridge least squares.</summary>
public sealed class LinearForecaster
{
    private readonly double[] _weights;   // (I × O), W[i, o] at i·O + o
    private readonly double[] _intercept; // (O)

    private LinearForecaster(int inputSize, int outputSize, double[] weights, double[] intercept)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        _weights = weights;
        _intercept = intercept;
    }

    /// <summary>I, the values of one input row.</summary>
    public int InputSize { get; }

    /// <summary>O, the values of one output row.</summary>
    public int OutputSize { get; }

    /// <summary>W, (I × O) row-major: the weight of input i in output o at i·O + o.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>b, (O): the output for an input row of zeros; ŷ = b + xᵀW.</summary>
    public ReadOnlySpan<double> Intercept => _intercept;

    /// <summary>
    /// Fits W and b to minimise Σ_r ‖y_r − b − x_rᵀW‖² + λ·rows·‖W‖² (the intercept is not penalised), with
    /// λ = <paramref name="ridge"/>: with column means x̄, ȳ and centered Xc = X − x̄, Yc = Y − ȳ, it solves
    /// (XcᵀXc + λ·rows·I) W = XcᵀYc by Cholesky factorisation in double, and b = ȳ − x̄ᵀW.
    /// </summary>
    /// <param name="inputs">(rows × inputSize) input rows back to back.</param>
    /// <param name="targets">(rows × outputSize) target rows back to back.</param>
    /// <param name="rows">The number of training rows.</param>
    /// <param name="inputSize">I, the values of one input row.</param>
    /// <param name="outputSize">O, the values of one target row.</param>
    /// <param name="ridge">λ, 0 or more; the default only keeps a nearly collinear system solvable.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is under 1, or the ridge is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A span's length is not its rows × size, or a value is NaN or infinite.</exception>
    /// <exception cref="RecurrentException">The system is singular even with the ridge (a pivot under 1e-12 of its diagonal), its values overflow, or it does not fit in memory.</exception>
    public static LinearForecaster Fit(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows, int inputSize, int outputSize, double ridge = 1e-6)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        if (!double.IsFinite(ridge) || ridge < 0)
            throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "The ridge must be a finite number, 0 or more.");
        if (inputs.Length != (long)rows * inputSize)
            throw new ArgumentException($"Expected {rows} rows of {inputSize} input value(s), {(long)rows * inputSize} in all, not {inputs.Length}.", nameof(inputs));
        if (targets.Length != (long)rows * outputSize)
            throw new ArgumentException($"Expected {rows} rows of {outputSize} target value(s), {(long)rows * outputSize} in all, not {targets.Length}.", nameof(targets));
        long columns = (long)inputSize + outputSize;
        long gram = MemoryBudget.Product(inputSize, columns);
        MemoryBudget.Ensure(gram, MemoryBudget.Product(8, gram + 128 * columns + (long)inputSize * outputSize),
            $"a least-squares system of {inputSize} inputs and {outputSize} outputs");

        var meanX = ColumnMeans(inputs, rows, inputSize, nameof(inputs));
        var meanY = ColumnMeans(targets, rows, outputSize, nameof(targets));
        double[] g = NormalEquations.Accumulate(inputs, targets, rows, meanX, meanY);
        double penalty = ridge * rows;
        for (int i = 0; i < inputSize; i++)
            g[i * columns + i] += penalty;
        double[]? weights = NormalEquations.Solve(g, inputSize, outputSize, out int singular);
        if (weights is null)
            throw new RecurrentException(
                $"The linear model's inputs are linearly dependent: input {singular} is, within rounding, constant or a combination of " +
                $"the others, so the least-squares fit has no unique solution (ridge {ridge}; a larger ridge, or inputs on a common scale, makes it solvable).");
        if (!TensorPrimitives.IsFiniteAll<double>(weights))
            throw new RecurrentException("The values are too large for a least-squares fit in double precision: its sums overflow.");

        // b = ȳ − x̄ᵀW: the intercept that the centering took out.
        var intercept = meanY;
        for (int i = 0; i < inputSize; i++)
            TensorPrimitives.MultiplyAdd(weights.AsSpan(i * outputSize, outputSize), -meanX[i], intercept, intercept);
        return new LinearForecaster(inputSize, outputSize, weights, intercept);
    }

    /// <summary>output = b + inputᵀW.</summary>
    /// <param name="input">(I) one input row.</param>
    /// <param name="output">(O) receives the forecast.</param>
    /// <exception cref="ArgumentException">A span's length is not I or O, or an input is NaN or infinite.</exception>
    public void Predict(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputSize)
            throw new ArgumentException($"Expected {InputSize} input value(s), not {input.Length}.", nameof(input));
        if (output.Length != OutputSize)
            throw new ArgumentException($"Expected room for {OutputSize} output value(s), not {output.Length}.", nameof(output));
        if (!TensorPrimitives.IsFiniteAll(input))
            throw new ArgumentException("An input value is NaN or infinite.", nameof(input));
        _intercept.CopyTo(output);
        for (int i = 0; i < InputSize; i++)
            TensorPrimitives.MultiplyAdd(_weights.AsSpan(i * OutputSize, OutputSize), input[i], output, output);
    }

    /// <summary>The mean of each of <paramref name="size"/> columns over <paramref name="rows"/> rows, refusing a non-finite value.</summary>
    private static double[] ColumnMeans(ReadOnlySpan<double> values, int rows, int size, string name)
    {
        if (!TensorPrimitives.IsFiniteAll(values))
        {
            int at = 0;
            while (double.IsFinite(values[at]))
                at++;
            throw new ArgumentException($"Row {at / size}, value {at % size} is {values[at]}, not a finite number.", name);
        }
        var mean = new double[size];
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(mean, values.Slice(r * size, size), mean);
        TensorPrimitives.Divide(mean, rows, mean);
        return mean;
    }
}
