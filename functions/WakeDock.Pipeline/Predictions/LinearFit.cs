namespace WakeDock.Pipeline.Predictions;

/// <summary>An ordinary least-squares line <c>y = Slope·x + Intercept</c> and how well it explains the points (R²).</summary>
public sealed record LinearFit(double Slope, double Intercept, double RSquared, int Count)
{
    /// <summary>Null for fewer than two points or when every x is the same.</summary>
    public static LinearFit? Of(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return null;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        double sxx = 0, sxy = 0, syy = 0;
        foreach (var (x, y) in points)
        {
            sxx += (x - meanX) * (x - meanX);
            sxy += (x - meanX) * (y - meanY);
            syy += (y - meanY) * (y - meanY);
        }

        if (sxx == 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        var rSquared = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new LinearFit(slope, meanY - slope * meanX, rSquared, points.Count);
    }

    /// <summary>The x at which the line reaches <paramref name="y"/>; null when it never does going forward (flat or falling).</summary>
    public double? XAt(double y) => Slope > 0 ? (y - Intercept) / Slope : null;
}
