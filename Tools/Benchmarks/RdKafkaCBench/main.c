// The baseline for `insurance-bench kafka`: the same produce and consume work as the Swift
// layer does, written as a plain C loop over librdkafka.
//
//   rdkafka-c-bench produce BOOTSTRAP TOPIC COUNT SIZE
//   rdkafka-c-bench consume BOOTSTRAP TOPIC COUNT GROUP
//
// Prints one line: `rate=<messages per second> seconds=<elapsed>`.
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set(rd_kafka_conf_t *conf, const char *name, const char *value) {
    char error[512];
    if (rd_kafka_conf_set(conf, name, value, error, sizeof error) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "%s: %s\n", name, error);
        exit(2);
    }
}

static long delivered = 0, failed = 0;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk; (void)opaque;
    if (message->err) failed++; else delivered++;
}

static int produce(const char *bootstrap, const char *topic, long count, size_t size) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char error[512];
    // Same settings as KafkaProducerConfiguration's defaults.
    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "enable.idempotence", "true");
    set(conf, "acks", "all");
    set(conf, "linger.ms", "5");
    set(conf, "batch.num.messages", "10000");
    set(conf, "queue.buffering.max.messages", "200000");
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!rk) { fprintf(stderr, "%s\n", error); return 2; }
    char *value = malloc(size);
    memset(value, 'x', size);
    char key[32];
    double start = now_seconds();
    for (long i = 0; i < count; i++) {
        int key_length = snprintf(key, sizeof key, "key-%ld", i % 1000);
        for (;;) {
            rd_kafka_resp_err_t err = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, (size_t)key_length),
                RD_KAFKA_V_VALUE(value, size), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) { rd_kafka_poll(rk, 1); continue; }
            if (err) { fprintf(stderr, "produce: %s\n", rd_kafka_err2str(err)); return 1; }
            break;
        }
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 60000);
    double elapsed = now_seconds() - start;
    printf("rate=%.0f seconds=%.3f delivered=%ld failed=%ld\n", delivered / elapsed, elapsed, delivered, failed);
    rd_kafka_destroy(rk);
    free(value);
    return failed ? 1 : 0;
}

static int consume(const char *bootstrap, const char *topic, long count, const char *group) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char error[512];
    // Same settings as KafkaConsumerConfiguration's defaults.
    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "group.id", group);
    set(conf, "enable.auto.commit", "false");
    set(conf, "enable.auto.offset.store", "false");
    set(conf, "partition.assignment.strategy", "cooperative-sticky");
    set(conf, "session.timeout.ms", "6000");
    set(conf, "fetch.wait.max.ms", "50");
    set(conf, "auto.offset.reset", "earliest");
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!rk) { fprintf(stderr, "%s\n", error); return 2; }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    long received = 0;
    size_t bytes = 0;
    double start = 0, deadline = now_seconds() + 120;
    while (received < count && now_seconds() < deadline) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 100);
        if (!message) continue;
        if (!message->err) {
            // Clock starts at the first message: group join time is not consume speed.
            if (received == 0) start = now_seconds();
            received++;
            bytes += message->len + message->key_len;
        }
        rd_kafka_message_destroy(message);
    }
    double elapsed = now_seconds() - start;
    printf("rate=%.0f seconds=%.3f received=%ld bytes=%zu\n", received / elapsed, elapsed, received, bytes);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return received == count ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s produce BOOTSTRAP TOPIC COUNT SIZE | consume BOOTSTRAP TOPIC COUNT GROUP\n", argv[0]);
        return 2;
    }
    long count = atol(argv[4]);
    if (strcmp(argv[1], "produce") == 0) return produce(argv[2], argv[3], count, (size_t)atol(argv[5]));
    if (strcmp(argv[1], "consume") == 0) return consume(argv[2], argv[3], count, argv[5]);
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
}
