// What one finite-difference check found over every element of one tensor.
namespace Recurrent.Tests.GradientChecks;

/// <summary>
/// Count: elements checked. MaxAbsoluteError: max |analytic − numeric|. MaxRelativeError: max |analytic − numeric| / |numeric|
/// over the elements whose |numeric| ≥ <see cref="FiniteDifference.RelativeFloor"/> (below it the ratio is rounding noise).
/// WorstToTolerance: max |analytic − numeric| / (atol + rtol·|numeric|), which must stay ≤ 1.
/// </summary>
public sealed record GradientCheckResult(string What, int Count, double MaxAbsoluteError, double MaxRelativeError,
    double WorstToTolerance, double MaxNumeric)
{
    public override string ToString() =>
        $"{What,-22} n={Count,3}  max|num|={MaxNumeric:E2}  maxAbsErr={MaxAbsoluteError:E2}  maxRelErr={MaxRelativeError:E2}  worst/tol={WorstToTolerance:F3}";
}
