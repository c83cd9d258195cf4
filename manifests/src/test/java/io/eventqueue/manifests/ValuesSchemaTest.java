package io.eventqueue.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong values fail at install time, with a message naming the value, instead of rendering something else. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "--set {0} fails: {1}")
    @CsvSource(delimiter = '|', value = {
        "replicaCount=two                         | replicaCount",
        "replicaCount=0                           | replicaCount",
        "image.pullPolicyy=Always                 | pullPolicyy",
        "image.pullPolicy=Sometimes               | pullPolicy",
        "imagePullPolicyy=Always                  | imagePullPolicyy",
        "logLevel=verbose                         | logLevel",
        "managementPort=80                        | managementPort",
        "watch.namespaces={Not_A_Namespace}       | watch.namespaces",
        "runtimeImage.digest=latest               | digest",
        "resources.limits.memory=lots             | memory",
        "replicaCount=2\\,leaderElection.enabled=false | leaderElection.enabled=true",
        "metrics.prometheusRule.enabled=true      | metrics.serviceMonitor.enabled=true",
        "serviceAccount.create=false              | serviceAccount.name is required",
    })
    void rejects(String setting, String messagePart) {
        Helm.Result result = Helm.template("--set", setting.replace("\\,", ","));

        assertThat(result.exitCode()).as(result.stdout()).isNotZero();
        assertThat(result.stderr()).contains(messagePart);
    }
}
