using Settlement.Circuits.Native;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;

namespace Settlement.Risk;

/// <summary>One asset's σ: the model's, and the one proposed after the caps and the step limit.</summary>
/// <param name="Series">The price series the model read (null: none, the σ is carried over).</param>
/// <param name="ModelSigma">The model's haircut σ at SIGMA_SCALE before clamping, its volatility forecast times
/// <paramref name="TailFactor"/> (null without a series).</param>
/// <param name="TailFactor">q/z_IM, the factor that makes the circuit's z_IM·σ the empirical tail quantile q·σ̂ (1 under
/// the Gaussian treatment or without a series).</param>
/// <param name="Clamped">Why the proposed σ differs from the model's (a cap or the step limit), or null.</param>
public sealed record SigmaProposal(int Asset, string Symbol, string? Series, long? ModelSigma, double TailFactor, long Proposed, long Previous, long Min, long Max, string? Clamped);

/// <summary>One instrument's mark and Greeks, from Black–Scholes at the proposed σ over its tail factor, the volatility
/// it stands for (options), or the spot (perpetuals).</summary>
public sealed record InstrumentProposal(int Instrument, string Symbol, long Spot, InstrumentRisk Risk);

/// <summary>The unsigned risk update for the next epoch and how each value was reached.</summary>
public sealed record RiskProposal(RiskUpdate Update, long Time, IReadOnlyList<SigmaProposal> Sigmas, IReadOnlyList<InstrumentProposal> Instruments);

/// <summary>
/// <c>settle risk propose</c>: next-epoch σ per asset from the ONNX model on its price history, clamped into the
/// interval the engine and the circuit accept (<see cref="RiskBounds.SigmaInterval"/>), and marks and Greeks at that σ
/// that meet the no-arbitrage bounds (<see cref="RiskBounds"/>), all against the spot the update will be checked
/// against: the batch's own price tick if it has one, else the last accepted price (docs/spec.md §4 RiskUpdate).
/// </summary>
public static class RiskProposer
{
    /// <param name="series">Asset index → price series name; an asset missing here uses the series named by its symbol, if any.</param>
    /// <param name="time">Time (ms) at which options are valued, when the batch has no price tick to take it from.</param>
    /// <param name="tail">How the haircut meets fat tails (docs/risk-model.md, "What z means"): empirical scales the
    /// model's σ by q/z_IM, q the (1 − target) quantile of |r/σ̂| over the series' own history.</param>
    public static RiskProposal Propose(SettlementConfig config, EpochState state, IReadOnlyList<Operation> batch, OnnxVolatilityModel model,
        PriceHistory history, IReadOnlyDictionary<int, string> series, long? time, TailTreatment tail = TailTreatment.Empirical)
    {
        double z = config.Margin.ZIm / (double)Scales.ZScale;
        var tick = batch.OfType<PriceTick>().SingleOrDefault();
        long at = tick?.Time ?? time ?? (state.LastTickTime > 0 ? state.LastTickTime
            : throw new RiskProposalException("no time to value the options at: the batch has no price tick and none was accepted yet (give --time)"));

        var sigmas = new List<SigmaProposal>();
        for (int c = 0; c < config.C; c++)
        {
            var a = config.Assets[c];
            string? name = series.TryGetValue(c, out var n) ? n : history.Series.Any(s => s.Name == a.Symbol) ? a.Symbol : null;
            long previous = state.Sigmas[c];
            var (lo, hi) = RiskBounds.SigmaInterval(a.SigmaMin, a.SigmaMax, previous, config.Margin.SigmaStep);
            if (lo > hi) throw new RiskProposalException($"asset {c} ({a.Symbol}): the previous σ {previous} lies outside the caps [{a.SigmaMin}, {a.SigmaMax}]");
            double factor = name is null || tail == TailTreatment.Gaussian ? 1 : TailFactor(model, history, history[name], z);
            long? raw = name is null ? null : VolatilityScale.Scaled(Forecast(model, history, history[name]) * factor * factor);
            long wanted = raw ?? (previous != 0 ? previous : a.SigmaMin);
            long proposed = Math.Clamp(wanted, lo, hi);
            string? why = proposed == wanted ? null
                : wanted < a.SigmaMin || wanted > a.SigmaMax ? $"the model's σ {wanted} is outside the caps [{a.SigmaMin}, {a.SigmaMax}]"
                : $"the model's σ {wanted} moves more than the step limit {config.Margin.SigmaStep} ppm from {previous}";
            sigmas.Add(new SigmaProposal(c, a.Symbol, name, raw, factor, proposed, previous, lo, hi, why));
        }

        var instruments = new List<InstrumentProposal>();
        for (int i = 0; i < config.NI; i++)
        {
            var ins = config.Instruments[i];
            long spot = Spot(config, state, tick, ins.Underlying);
            var risk = ins.Kind == InstrumentKind.Perpetual
                ? new InstrumentRisk((ulong)spot, Scales.DeltaScale, 0)
                : OptionRisk(ins, spot, sigmas[ins.Underlying].Proposed / sigmas[ins.Underlying].TailFactor, at);
            if (!RiskBounds.MarkWithin(ins.Kind, (long)risk.Mark, spot, ins.Strike, config.Margin.MarkBand, out var markBounds))
                throw new RiskProposalException($"instrument {i} ({ins.Symbol}): mark {risk.Mark} is not {markBounds}");
            if (!RiskBounds.GreeksWithin(ins.Kind, risk.Delta, risk.Gamma, out var greekBounds))
                throw new RiskProposalException($"instrument {i} ({ins.Symbol}): {greekBounds}");
            instruments.Add(new InstrumentProposal(i, ins.Symbol, spot, risk));
        }
        var update = new RiskUpdate(state.Epoch + 1, [.. sigmas.Select(s => s.Proposed)], [.. instruments.Select(x => x.Risk)]);
        return new RiskProposal(update, at, sigmas, instruments);
    }

    /// <summary>The model's daily variance for the day after the history's last row.</summary>
    public static double Forecast(OnnxVolatilityModel model, PriceHistory history, PriceSeries s) => model.Variances([Rows(model, history, s)[^1]])[0];

    /// <summary>
    /// q/z: q the empirical 1 − 2·(1 − Φ(z)) quantile of |r[t+1]|/σ̂[t] over the series' history, σ̂ the model's forecasts
    /// (filtered historical simulation). In sample when the model was trained on the same history, which thins the tail
    /// a little; the walk-forward backtest measures the treatment out of sample.
    /// </summary>
    public static double TailFactor(OnnxVolatilityModel model, PriceHistory history, PriceSeries s, double z)
    {
        var r = s.LogReturns();
        var v = model.Variances(Rows(model, history, s));
        // Row k is day Warmup + k and forecasts r[Warmup + k + 1]; the last row forecasts the unknown next day.
        var moves = Enumerable.Range(0, v.Length - 1).Select(k => Math.Abs(r[Features.Warmup + k + 1]) / Math.Sqrt(v[k])).Order().ToList();
        double target = new BacktestOptions(Z: z).Target;
        if (moves.Count * target < 1)
            throw new PriceDataException(history.File, history.Dates.Count + 1, s.Name, $"{moves.Count} forecast days: the empirical tail at z = {z} needs at least {Math.Ceiling(1 / target)} (or use the Gaussian tail)");
        return Backtest.Quantile(moves, 1 - target) / z;
    }

    private static FeatureRow[] Rows(OnnxVolatilityModel model, PriceHistory history, PriceSeries s)
    {
        if (model.UsesRange && !s.HasRange) throw new RiskModelException(model.Source, $"the model uses the high–low range; {history.File} has no {s.Name}.high/{s.Name}.low columns");
        var r = s.LogReturns();
        if (r.Length < Features.MinReturns)
            throw new PriceDataException(history.File, history.Dates.Count + 1, s.Name, $"{r.Length} returns: the model's features need at least {Features.MinReturns}");
        return Features.Rows(r, Features.ParkinsonVariance(s), model.UsesRange);
    }

    private static long Spot(SettlementConfig config, EpochState state, PriceTick? tick, int asset)
    {
        var reports = tick?.Reports.Where(r => r.Asset == asset).Select(r => r.Price).ToArray() ?? [];
        if (reports.Length > 0) return Settlement.Circuits.Native.OrderRules.LowerMedian<long>(reports);
        if (state.Prices[asset] >= 1) return state.Prices[asset];
        throw new RiskProposalException($"asset {asset} ({config.Assets[asset].Symbol}) has no price: put the batch's price tick in first (settle oracle aggregate --into)");
    }

    /// <summary>Mark, Δ and Γ at DELTA_SCALE and GAMMA_SCALE, rounded and then kept inside the bounds they lie in exactly.</summary>
    private static InstrumentRisk OptionRisk(InstrumentConfig ins, long spot, double sigma, long time)
    {
        bool call = ins.Kind == InstrumentKind.Call;
        double tau = Math.Max(ins.Expiry - time, 0);
        var v = BlackScholes.Option(call, spot, ins.Strike, sigma / Scales.SigmaScale * Math.Sqrt(tau));
        // The exact Black–Scholes value lies in the no-arbitrage interval; rounding a double can step over an end of it.
        long lo = call ? Math.Max(spot - ins.Strike, 0) : Math.Max(ins.Strike - spot, 0), hi = call ? spot : ins.Strike;
        long mark = Math.Clamp((long)Math.Round(v.Price), lo, hi);
        long delta = Math.Clamp((long)Math.Round(v.Delta * Scales.DeltaScale), call ? 0 : -Scales.DeltaScale, call ? Scales.DeltaScale : 0);
        double gamma = Math.Round(v.Gamma * (double)Scales.GammaScale);
        if (gamma >= Scales.GreekBound)
            throw new RiskProposalException($"instrument {ins.Symbol}: Γ = {gamma:E3} at GAMMA_SCALE does not fit 48 bits (spot {spot}, σ {sigma:0}, {tau:0} ms to expiry)");
        return new InstrumentRisk((ulong)mark, delta, (long)gamma);
    }
}

/// <summary>A risk update that cannot be proposed; the message names the asset or instrument and the rule.</summary>
public sealed class RiskProposalException(string message) : Exception(message);
