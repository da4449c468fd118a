using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>
/// The <c>/ws</c> protocol on a throw-away PostgreSQL cluster (a database per test). Each test is re-declared with
/// <see cref="PeerFactAttribute"/> or <see cref="PeerTheoryAttribute"/> so that it is skipped (not failed) on a machine
/// without PostgreSQL, except on CI.
/// </summary>
// The theories' rows come from the base methods' data attributes, which xUnit inherits (repeated here, each row would be
// listed twice and skipped as a duplicate); the analyzer does not see inherited data.
#pragma warning disable xUnit1003
public sealed class ChatSocketProtocolPostgresTests(PostgresCluster cluster) : ChatSocketProtocolContract, IClassFixture<PostgresCluster>
{
    internal override async Task<ChatHost> StartHostAsync() =>
        await ChatHost.StartAsync(null, "--Chat:Database:Provider=postgres", $"--Chat:Database:ConnectionString={await cluster.CreateDatabaseAsync()}");

    [PeerFact(Peer.PostgreSql)]
    public override Task Ready_lists_the_user_and_their_rooms_with_last_seq() => base.Ready_lists_the_user_and_their_rooms_with_last_seq();

    [PeerFact(Peer.PostgreSql)]
    public override Task Subscribe_replays_then_goes_live_without_gap_or_duplicate_while_others_send() => base.Subscribe_replays_then_goes_live_without_gap_or_duplicate_while_others_send();

    [PeerFact(Peer.PostgreSql)]
    public override Task A_resent_client_id_gets_the_same_ack_and_is_stored_once() => base.A_resent_client_id_gets_the_same_ack_and_is_stored_once();

    [PeerFact(Peer.PostgreSql)]
    public override Task A_send_reaches_every_subscriber_the_senders_other_connections_included() => base.A_send_reaches_every_subscriber_the_senders_other_connections_included();

    [PeerFact(Peer.PostgreSql)]
    public override Task Typing_reaches_the_other_subscribers_not_the_sender() => base.Typing_reaches_the_other_subscribers_not_the_sender();

    [PeerFact(Peer.PostgreSql)]
    public override Task Read_positions_change_the_unread_count_of_the_room_list() => base.Read_positions_change_the_unread_count_of_the_room_list();

    [PeerTheory(Peer.PostgreSql)]
    public override Task Bad_input_gets_an_error_frame_and_the_connection_stays(string frame, string code) => base.Bad_input_gets_an_error_frame_and_the_connection_stays(frame, code);

    [PeerFact(Peer.PostgreSql)]
    public override Task Errors_carry_the_clients_ref_and_cover_forbidden_invalid_and_binary_frames() => base.Errors_carry_the_clients_ref_and_cover_forbidden_invalid_and_binary_frames();

    [PeerFact(Peer.PostgreSql)]
    public override Task More_than_20_sends_in_10_seconds_are_rate_limited_and_not_stored() => base.More_than_20_sends_in_10_seconds_are_rate_limited_and_not_stored();

    [PeerFact(Peer.PostgreSql)]
    public override Task A_frame_over_64_KiB_is_closed_with_1009() => base.A_frame_over_64_KiB_is_closed_with_1009();

    [PeerFact(Peer.PostgreSql)]
    public override Task A_frame_just_under_64_KiB_is_answered() => base.A_frame_just_under_64_KiB_is_answered();

    [PeerTheory(Peer.PostgreSql)]
    public override Task A_bad_token_is_closed_with_4401(string token) => base.A_bad_token_is_closed_with_4401(token);

    [PeerFact(Peer.PostgreSql)]
    public override Task A_refresh_token_is_not_an_access_token() => base.A_refresh_token_is_not_an_access_token();

    [PeerTheory(Peer.PostgreSql)]
    public override Task A_first_message_that_is_not_auth_is_closed_with_4401(string first) => base.A_first_message_that_is_not_auth_is_closed_with_4401(first);

    [PeerFact(Peer.PostgreSql)]
    public override Task No_auth_in_time_is_closed_with_4408() => base.No_auth_in_time_is_closed_with_4408();

    [PeerFact(Peer.PostgreSql)]
    public override Task A_foreign_origin_is_refused_with_403_before_the_handshake() => base.A_foreign_origin_is_refused_with_403_before_the_handshake();

    [PeerFact(Peer.PostgreSql)]
    public override Task The_own_origin_and_no_origin_are_accepted() => base.The_own_origin_and_no_origin_are_accepted();

    [PeerFact(Peer.PostgreSql)]
    public override Task Shutdown_acks_the_sends_in_flight_then_closes_with_1001() => base.Shutdown_acks_the_sends_in_flight_then_closes_with_1001();
}
#pragma warning restore xUnit1003