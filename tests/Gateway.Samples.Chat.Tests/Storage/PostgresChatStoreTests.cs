using Gateway.Samples.Chat.Storage;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Storage;

/// <summary>
/// The store contract on a throw-away PostgreSQL cluster. Each test is re-declared with <see cref="PeerFactAttribute"/>
/// so that it is skipped (not failed) on a machine without PostgreSQL, except on CI.
/// </summary>
public sealed class PostgresChatStoreTests(PostgresCluster cluster) : ChatStoreContract, IClassFixture<PostgresCluster>
{
    internal override Task<string> NewDatabaseAsync() => cluster.CreateDatabaseAsync();

    internal override IChatStore OpenStore(string database, IReadOnlyList<Migration>? migrations) =>
        SqlChatStore.OpenPostgres(database, Clock, migrations);

    [PeerFact(Peer.PostgreSql)]
    public override Task Migrate_applies_each_version_once() => base.Migrate_applies_each_version_once();

    [PeerFact(Peer.PostgreSql)]
    public override Task Failed_migration_on_an_empty_database_applies_nothing() => base.Failed_migration_on_an_empty_database_applies_nothing();

    [PeerFact(Peer.PostgreSql)]
    public override Task Failed_migration_on_a_used_database_keeps_its_schema_and_data() => base.Failed_migration_on_a_used_database_keeps_its_schema_and_data();

    [PeerFact(Peer.PostgreSql)]
    public override Task Users_are_unique_by_name_and_keep_their_settings() => base.Users_are_unique_by_name_and_keep_their_settings();

    [PeerFact(Peer.PostgreSql)]
    public override Task Seq_is_gap_free_per_room_under_concurrent_senders() => base.Seq_is_gap_free_per_room_under_concurrent_senders();

    [PeerFact(Peer.PostgreSql)]
    public override Task Storing_the_same_client_id_again_returns_the_original_and_stores_nothing() => base.Storing_the_same_client_id_again_returns_the_original_and_stores_nothing();

    [PeerFact(Peer.PostgreSql)]
    public override Task A_client_id_used_in_another_room_is_refused_and_stores_nothing() => base.A_client_id_used_in_another_room_is_refused_and_stores_nothing();

    [PeerFact(Peer.PostgreSql)]
    public override Task Concurrent_retries_of_one_client_id_store_it_once() => base.Concurrent_retries_of_one_client_id_store_it_once();

    [PeerFact(Peer.PostgreSql)]
    public override Task Non_members_cannot_store() => base.Non_members_cannot_store();

    [PeerFact(Peer.PostgreSql)]
    public override Task History_pages_newest_first_by_seq() => base.History_pages_newest_first_by_seq();

    [PeerFact(Peer.PostgreSql)]
    public override Task Replay_returns_messages_after_since_in_order() => base.Replay_returns_messages_after_since_in_order();

    [PeerFact(Peer.PostgreSql)]
    public override Task My_rooms_show_members_last_message_and_unread_counts() => base.My_rooms_show_members_last_message_and_unread_counts();

    [PeerFact(Peer.PostgreSql)]
    public override Task Join_and_leave_change_membership() => base.Join_and_leave_change_membership();

    [PeerFact(Peer.PostgreSql)]
    public override Task Direct_rooms_are_created_once_for_a_pair_and_are_closed() => base.Direct_rooms_are_created_once_for_a_pair_and_are_closed();

    [PeerFact(Peer.PostgreSql)]
    public override Task Public_search_is_case_insensitive_literal_and_skips_direct_rooms() => base.Public_search_is_case_insensitive_literal_and_skips_direct_rooms();

    [PeerFact(Peer.PostgreSql)]
    public override Task Contacts_are_the_users_sharing_a_room() => base.Contacts_are_the_users_sharing_a_room();

    [PeerFact(Peer.PostgreSql)]
    public override Task Refresh_rotation_accepts_the_current_token_once() => base.Refresh_rotation_accepts_the_current_token_once();

    [PeerFact(Peer.PostgreSql)]
    public override Task Presenting_a_rotated_token_revokes_the_family_including_its_newest_token() => base.Presenting_a_rotated_token_revokes_the_family_including_its_newest_token();

    [PeerFact(Peer.PostgreSql)]
    public override Task Concurrent_rotations_of_one_token_let_at_most_one_through() => base.Concurrent_rotations_of_one_token_let_at_most_one_through();

    [PeerFact(Peer.PostgreSql)]
    public override Task Expired_tokens_do_not_rotate_and_families_can_be_revoked() => base.Expired_tokens_do_not_rotate_and_families_can_be_revoked();

    [PeerFact(Peer.PostgreSql)]
    public override Task Injection_attempts_in_every_text_field_are_stored_verbatim_and_harm_nothing() => base.Injection_attempts_in_every_text_field_are_stored_verbatim_and_harm_nothing();
}