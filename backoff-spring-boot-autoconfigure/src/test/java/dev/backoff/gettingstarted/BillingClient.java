package dev.backoff.gettingstarted;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import dev.backoff.annotation.Retryable;

import org.springframework.stereotype.Service;

/**
 * The README's Getting started, step 3, as written there (GettingStartedTests keeps them
 * equal).
 */
@Service
public class BillingClient {

	private final HttpClient http = HttpClient.newHttpClient();

	@Retryable("billing")
	public String fetch(String id) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request(id), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 500) {
			// retried: an IOException
			throw new IOException("billing answered " + response.statusCode());
		}
		return response.body();
	}

	@Retryable // the "default" entry
	public CompletableFuture<String> fetchAsync(String id) {
		// retried without blocking a thread
		return this.http.sendAsync(request(id), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
	}

	private static HttpRequest request(String id) {
		return HttpRequest.newBuilder(URI.create("http://localhost:8081/invoices/" + id)).build();
	}

}
