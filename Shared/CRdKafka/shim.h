#ifndef C_RDKAFKA_SHIM_H
#define C_RDKAFKA_SHIM_H
// librdkafka's public C API; the Swift layer in Shared/Kafka wraps it.
#include <librdkafka/rdkafka.h>
#endif
