namespace Settlement.Prover.Engine;

/// <summary>The global margin state: account leaves by id and the epoch state. Changed only by <see cref="SettlementEngine"/>.</summary>
public sealed class SettlementState
{
    internal readonly Dictionary<ulong, Account> AccountsById = [];
    public EpochState Epoch { get; internal set; }

    public SettlementState(SettlementConfig config) { Epoch = new EpochState(config); }

    public Account? Account(ulong id) => AccountsById.GetValueOrDefault(id);
    public IEnumerable<Account> Accounts => AccountsById.Values;
    public int AccountCount => AccountsById.Count;
}
