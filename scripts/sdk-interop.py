#!/usr/bin/env python3
"""Posts events to a running enrollment service the way an upstream team would, with the
CloudEvents Python SDK (PyPI `cloudevents`): binary and structured HTTP modes of its
current `cloudevents.core` bindings (values percent-encoded) and of its older
`cloudevents.v1.http` functions (raw values, no Content-Type in binary mode).
Every event must be answered 202. Usage: sdk-interop.py URL TOKEN. Exits 1 on a failure."""
import datetime, http.client, sys, urllib.parse, uuid

from cloudevents.core.bindings import http as core_http
from cloudevents.core.v1.event import CloudEvent as CoreEvent
from cloudevents.v1.http import CloudEvent as LegacyEvent, to_binary, to_structured

base, token = urllib.parse.urlsplit(sys.argv[1]), sys.argv[2]


def payment(person, source):
    event_id = f"sdk-{uuid.uuid4()}"
    attributes = {"type": "insurance.contribution.paid.v1", "source": source, "id": event_id,
                  "subject": person, "time": "2024-09-15T10:00:00+08:00", "specversion": "1.0"}
    data = {"paymentId": event_id, "personId": person, "policyYear": 2024, "amountFen": 43632,
            "dueFen": 43632, "paidAt": "2024-09-15T10:00:00+08:00"}
    return attributes, data


def post(name, headers, body):
    # http.client adds no Content-Type of its own (urllib would add a form type), so the
    # request carries exactly the SDK's headers.
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    try:
        connection.request("POST", "/v1/events", body=body, headers={**headers, "Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        status, text = response.status, response.read().decode()
    finally:
        connection.close()
    verdict = "ok" if status == 202 else "FAILED"
    print(f"sdk-interop: {name}: {status} {text} {verdict}")
    return status == 202


results = []
attributes, data = payment(f"sdk-{uuid.uuid4().hex[:8]}", "/tax-bureau/payments/深圳 south")
# The current SDK wants `time` as a datetime; it writes it back as RFC 3339 with the offset.
china = datetime.timezone(datetime.timedelta(hours=8))
paid_at = datetime.datetime(2024, 9, 15, 10, 0, tzinfo=china)
message = core_http.to_binary_event(CoreEvent(attributes=dict(attributes, time=paid_at, datacontenttype="application/json"), data=data))
assert "%" in message.headers["ce-source"], message.headers  # the SDK percent-encoded it
results.append(post("core binary (percent-encoded source)", message.headers, message.body))

attributes, data = payment(f"sdk-{uuid.uuid4().hex[:8]}", "/tax-bureau/payments")
message = core_http.to_structured_event(CoreEvent(attributes=dict(attributes, time=paid_at), data=data))
results.append(post("core structured", message.headers, message.body))

attributes, data = payment(f"sdk-{uuid.uuid4().hex[:8]}", "/tax-bureau/payments")
headers, body = to_binary(LegacyEvent(dict(attributes, traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), data))
results.append(post("v1.http binary (no Content-Type, an extension)", headers, body))

attributes, data = payment(f"sdk-{uuid.uuid4().hex[:8]}", "/tax-bureau/payments")
headers, body = to_structured(LegacyEvent(attributes, data))
results.append(post("v1.http structured", headers, body))

sys.exit(0 if all(results) else 1)
