"""The alarms: every metric they watch exists under the name AWS documents (a misspelt metric is an alarm that never
fires), every dimension points at a resource of this stack, and the optional email topic is wired to all of them."""

from __future__ import annotations

from typing import Any

import pytest

# Metric names and their dimensions as AWS documents them.
# AWS/States, execution metrics, dimension StateMachineArn - Step Functions Developer Guide, "Monitoring Step
# Functions metrics using Amazon CloudWatch" (docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
STATES_EXECUTION_METRICS = {
    "ExecutionTime",
    "ExecutionThrottled",
    "ExecutionsAborted",
    "ExecutionsFailed",
    "ExecutionsStarted",
    "ExecutionsSucceeded",
    "ExecutionsTimedOut",
    "ExecutionsRedriven",
    "RedrivenExecutionsAborted",
    "RedrivenExecutionsFailed",
    "RedrivenExecutionsSucceeded",
    "RedrivenExecutionsTimedOut",
    "OpenExecutionCount",
}
# AWS/Lambda, function metrics, dimensions FunctionName / Resource / ExecutedVersion - Lambda Developer Guide,
# "Types of metrics for Lambda functions" (docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
LAMBDA_FUNCTION_METRICS = {
    "Invocations",
    "Errors",
    "DeadLetterErrors",
    "DestinationDeliveryFailures",
    "Throttles",
    "OversizedRecordCount",
    "ProvisionedConcurrencySpilloverInvocations",
    "RecursiveInvocationsDropped",
    "Duration",
    "PostRuntimeExtensionsDuration",
    "IteratorAge",
    "OffsetLag",
    "ConcurrentExecutions",
    "ProvisionedConcurrentExecutions",
    "ProvisionedConcurrencyUtilization",
    "UnreservedConcurrentExecutions",
    "ClaimedAccountConcurrency",
    "AsyncEventsReceived",
    "AsyncEventAge",
    "AsyncEventsDropped",
}
DOCUMENTED = {
    "AWS/States": (STATES_EXECUTION_METRICS, {"StateMachineArn": "AWS::Serverless::StateMachine"}),
    "AWS/Lambda": (LAMBDA_FUNCTION_METRICS, {"FunctionName": "AWS::Serverless::Function"}),
}
# What the issue asks an operator to hear about.
REQUIRED = {
    ("AWS/States", "ExecutionsFailed", "RecipeWorkflow"),
    ("AWS/States", "ExecutionsTimedOut", "RecipeWorkflow"),
    ("AWS/States", "ExecutionThrottled", "RecipeWorkflow"),
    ("AWS/Lambda", "Errors", "RecipeFunction"),
    ("AWS/Lambda", "Errors", "PriceFunction"),
    ("AWS/Lambda", "Errors", "CombineFunction"),
}


@pytest.fixture(scope="module")
def alarms(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert found, "no alarm in the template"
    return found


def test_every_alarm_watches_a_documented_metric_with_its_documented_dimension(alarms, resources):
    problems = {}
    for name, alarm in alarms.items():
        if alarm.get("Namespace") not in DOCUMENTED:
            problems[name] = f"namespace {alarm.get('Namespace')!r} is not one this test knows"
            continue
        metrics, dimensions = DOCUMENTED[alarm["Namespace"]]
        if alarm["MetricName"] not in metrics:
            problems[name] = f"{alarm['Namespace']} has no metric {alarm['MetricName']!r}"
            continue
        for dimension in alarm["Dimensions"]:
            expected_type = dimensions.get(dimension["Name"])
            target = dimension["Value"].get("Ref") if isinstance(dimension["Value"], dict) else None
            if expected_type is None:
                problems[name] = f"{alarm['Namespace']} metrics have no dimension {dimension['Name']!r}"
            elif target is None or resources.get(target, {}).get("Type") != expected_type:
                problems[name] = f"{dimension['Name']} is {dimension['Value']!r}, not a Ref to a {expected_type}"

    assert problems == {}


def test_the_alarms_cover_failures_timeouts_throttles_and_each_function(alarms):
    watched = {(a["Namespace"], a["MetricName"], a["Dimensions"][0]["Value"]["Ref"]) for a in alarms.values()}

    assert watched >= REQUIRED
    assert len(alarms) == len(REQUIRED)


def test_every_alarm_fires_on_a_sum_and_stays_quiet_without_data(alarms):
    for alarm in alarms.values():
        assert alarm["Statistic"] == "Sum"
        assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
        assert alarm["Threshold"] >= 1 and alarm["Period"] == 300 and alarm["EvaluationPeriods"] == 1
        assert alarm["TreatMissingData"] == "notBreaching"
        assert alarm["AlarmName"]["Fn::Sub"].startswith("${NamePrefix}ai-chef-")


def test_every_alarm_notifies_the_email_topic_only_when_an_email_is_given(alarms, template, resources):
    topic_only_with_email = {"Fn::If": ["NotifyByEmail", [{"Ref": "AlarmTopic"}], {"Ref": "AWS::NoValue"}]}

    assert template["Parameters"]["AlarmEmail"]["Default"] == ""
    assert template["Conditions"]["NotifyByEmail"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmEmail"}, ""]}]}
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == topic_only_with_email
        assert alarm["OKActions"] == topic_only_with_email
    for name in ("AlarmKey", "AlarmTopic", "AlarmEmailSubscription"):
        assert resources[name]["Condition"] == "NotifyByEmail"
    assert resources["AlarmEmailSubscription"]["Properties"] == {
        "TopicArn": {"Ref": "AlarmTopic"},
        "Protocol": "email",
        "Endpoint": {"Ref": "AlarmEmail"},
    }


def test_the_topic_is_encrypted_with_a_key_cloudwatch_may_use(resources):
    topic = resources["AlarmTopic"]["Properties"]
    key = resources["AlarmKey"]["Properties"]
    cloudwatch = [
        s for s in key["KeyPolicy"]["Statement"] if s.get("Principal", {}).get("Service") == "cloudwatch.amazonaws.com"
    ]

    assert topic["KmsMasterKeyId"] == {"Ref": "AlarmKey"}
    assert key["EnableKeyRotation"] is True
    assert len(cloudwatch) == 1
    assert set(cloudwatch[0]["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    assert cloudwatch[0]["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}


@pytest.mark.parametrize("email", ["", "ops@example.com"])
def test_the_email_parameter_accepts_empty_or_an_address(template, email):
    import re

    assert re.fullmatch(template["Parameters"]["AlarmEmail"]["AllowedPattern"], email)


@pytest.mark.parametrize("email", ["ops", "ops@", "@example.com", "a b@example.com"])
def test_the_email_parameter_rejects_what_is_not_an_address(template, email):
    import re

    assert not re.fullmatch(template["Parameters"]["AlarmEmail"]["AllowedPattern"], email)
