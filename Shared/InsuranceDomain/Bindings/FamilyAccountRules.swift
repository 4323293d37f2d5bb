/// Family account sharing (个人账户家庭共济).
///
/// Per beneficiary (`authorisations`): only tier-1 authorisers; a revocation ends the
/// authorisation of that authoriser in force on its date (and is refused when there is
/// none); binding an authoriser already in force changes nothing.
///
/// Across persons (`limits`): an authoriser shares with at most 7 beneficiaries at a time;
/// the binding that would make the 8th is refused. Bindings are judged in order of
/// `boundOn`, then event identity, so the answer does not depend on arrival order.
///
/// Decision (docs/rules.md): the accounts pay in order of balance, largest first, at the
/// moment of payment; events carry no balances, so the product lists the authorisers in force
/// by date of authorisation (earliest first, then authoriser id) and never presents that
/// listing as the order in which the accounts pay.
public enum FamilyAccountRules {
    /// One beneficiary's authorisations and the events refused on the way.
    static func authorisations(
        bindings: [(identity: EventIdentity, binding: FamilyAccountBinding)],
        revocations: [(identity: EventIdentity, revocation: FamilyAccountRevocation)],
        excluded: [EventIdentity: String]
    ) -> (authorisations: [FamilyAuthorisation], refused: [(EventIdentity, String)]) {
        var refused: [(EventIdentity, String)] = []
        // Same day: bindings before revocations, so bound and revoked on one day is an empty authorisation.
        enum Step {
            case bind(FamilyAccountBinding)
            case revoke(FamilyAccountRevocation)
        }
        var steps: [(date: LocalDate, rank: Int, identity: EventIdentity, step: Step)] = []
        for (identity, binding) in bindings {
            if let reason = excluded[identity] {
                refused.append((identity, reason))
            } else if binding.authoriserTier != 1 {
                refused.append(
                    (
                        identity,
                        "only a tier-1 employee participant (基本医疗保险一档) may share their personal account; this authoriser is tier \(binding.authoriserTier)"
                    )
                )
            } else {
                steps.append((binding.boundOn, 0, identity, .bind(binding)))
            }
        }
        for (identity, revocation) in revocations {
            steps.append((revocation.revokedOn, 1, identity, .revoke(revocation)))
        }
        steps.sort { ($0.date, $0.rank, $0.identity) < ($1.date, $1.rank, $1.identity) }
        var closed: [FamilyAuthorisation] = []
        var open: [String: FamilyAuthorisation] = [:]
        for (_, _, identity, step) in steps {
            switch step {
            case .bind(let b):
                guard open[b.authoriserId] == nil else { continue }
                open[b.authoriserId] = FamilyAuthorisation(
                    eventId: identity.id,
                    beneficiaryId: b.personId,
                    authoriserId: b.authoriserId,
                    relationship: b.relationship,
                    boundOn: b.boundOn,
                    revokedOn: nil
                )
            case .revoke(let r):
                guard let current = open.removeValue(forKey: r.authoriserId) else {
                    refused.append((identity, "no family account authorisation by this authoriser is in force on \(r.revokedOn)"))
                    continue
                }
                closed.append(
                    FamilyAuthorisation(
                        eventId: current.eventId,
                        beneficiaryId: current.beneficiaryId,
                        authoriserId: current.authoriserId,
                        relationship: current.relationship,
                        boundOn: current.boundOn,
                        revokedOn: r.revokedOn
                    )
                )
            }
        }
        let all = (closed + open.values).sorted { ($0.boundOn, $0.authoriserId, $0.eventId) < ($1.boundOn, $1.authoriserId, $1.eventId) }
        return (all, refused)
    }

    /// The bindings refused because an authoriser would share with more than the allowed
    /// number of beneficiaries at once, over all family-account events of the authorisers
    /// concerned (any persons). Pass the result to `CoverageEngine.evaluate(...,
    /// externalRefusals:)` of each beneficiary.
    public static func limitRefusals(events: [ValidatedEvent], policy: PolicyBook) -> [EventIdentity: String] {
        let unique = EventSet(events).events
        var bindingsByPerson: [String: [(identity: EventIdentity, binding: FamilyAccountBinding)]] = [:]
        var revocationsByPerson: [String: [(identity: EventIdentity, revocation: FamilyAccountRevocation)]] = [:]
        for e in unique {
            switch e.event {
            case .familyAccountBinding(let b): bindingsByPerson[b.personId, default: []].append((e.identity, b))
            case .familyAccountRevocation(let r): revocationsByPerson[r.personId, default: []].append((e.identity, r))
            default: continue
            }
        }
        var byAuthoriser: [String: [(EventIdentity, FamilyAuthorisation)]] = [:]
        for person in Set(bindingsByPerson.keys).union(revocationsByPerson.keys) {
            let (authorisations, _) = self.authorisations(
                bindings: bindingsByPerson[person] ?? [],
                revocations: revocationsByPerson[person] ?? [],
                excluded: [:]
            )
            let identities = Dictionary((bindingsByPerson[person] ?? []).map { ($0.identity.id, $0.identity) }, uniquingKeysWith: min)
            for a in authorisations {
                guard let identity = identities[a.eventId] else { continue }
                byAuthoriser[a.authoriserId, default: []].append((identity, a))
            }
        }
        var refusals: [EventIdentity: String] = [:]
        let limit = policy.rules.maximumBeneficiariesPerAuthoriser
        for (_, list) in byAuthoriser {
            var accepted: [FamilyAuthorisation] = []
            for (identity, a) in list.sorted(by: { ($0.1.boundOn, $0.0) < ($1.1.boundOn, $1.0) }) {
                let concurrent = Set(accepted.filter { $0.beneficiaryId != a.beneficiaryId && $0.isInForce(on: a.boundOn) }.map(\.beneficiaryId))
                if concurrent.count >= limit {
                    refusals[identity] = "the authoriser already shares their personal account with \(limit) beneficiaries, the most allowed"
                } else {
                    accepted.append(a)
                }
            }
        }
        return refusals
    }
}
