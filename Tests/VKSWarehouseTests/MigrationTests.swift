import Crypto
import Foundation
import Testing

@testable import VKSWarehouse

/// A migration that shipped must never change: warehouses in the provinces' and Cục 2's hands were
/// made by its text. A change is a new migration; this test names the one that was edited.
struct MigrationTests {
    static let shipped: [String: String] = [
        "v1-foundation": "10c01f0eed4e7fae7f9c76103c5b9128d26e7372104b1264f2247b85f308a070",
        "v2-returns": "d0bb23e875611dd90408173b82803f5e42e25b464a0b616e073cfd474ee446ff",
        "v3-ledger": "841fdd0f54323d69615e9ea3fa28164200ce59754260071cf14435c665a56c21",
        "v4-expected-returns": "f8b6823d80845699f82c7380f237ba2391a307e53aee3b89d5ef12dd9e7d4d76",
        "v5-province-changes": "f76a2d1ac70a5bd472a43e51e3f92ebc3d7de6445e24754e44f4fee36f739313",
        "v6-definition-digests": "bbe54691bf47c9ada44272c3fb391ec689fbec14d3d4527bf319f630aeef96b8",
        "v7-return-rollups": "56a87b9a7868336d16f3923124c59babac157ff77866c7a7893f77cf8ecf2509",
        "v8-deliveries": "18b4a3a8d6a2cecba2cfedd559b0fa30e4a4475451479f8802a8d68e1e62614c",
        "v9-current-findings": "2b7fa682087401227ebc6f86487a984e752b4d152bd4ae3ee79f4f178180ccc1",
        "v10-misnamed-files": "ecba8243a0cb4559b56b6dfaf7f0fd32bc2494c02d8df3ca60d56449d5a7a9ed",
    ]

    @Test func shippedMigrationsAreFrozen() {
        #expect(Schema.texts.map(\.name) == Schema.migrationNames)
        for (name, sql) in Schema.texts {
            let digest = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(Self.shipped[name] == digest, "\(name) changed (now \(digest)): add a migration instead")
        }
    }
}
