package dev.backoff.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.backoff.core.JitterName;
import dev.backoff.core.LogLevel;
import dev.backoff.core.StrategyName;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Retry settings under {@code backoff.*}. Named entries inherit {@code backoff.defaults},
 * which start as the Orion client's numbers; per-status maps merge key by key.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "backoff", ignoreUnknownFields = false)
public class BackoffProperties {

	/**
	 * Whether @Retryable methods are retried; false makes them run exactly once.
	 */
	private boolean enabled = true;

	/**
	 * Values that every named entry inherits; unset values keep the built-in defaults.
	 */
	@NestedConfigurationProperty
	private Entry defaults = new Entry();

	/**
	 * Named settings entries; 'default' and 'interactive' always exist.
	 */
	private Map<String, Entry> settings = new LinkedHashMap<>();

	/**
	 * What a retrying call does inside another retrying call's try: 'once' makes one try
	 * for a failure the outer call would retry too, and leaves that retrying to it, so
	 * layers never multiply (it retries other failures itself); 'allow' retries at every
	 * layer.
	 */
	private Nested nested = Nested.ONCE;

	private final Metrics metrics = new Metrics();

	private final Aop aop = new Aop();

	private final Events events = new Events();

	private final BudgetStorage budget = new BudgetStorage();

	private final Http http = new Http();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Entry getDefaults() {
		return this.defaults;
	}

	public void setDefaults(Entry defaults) {
		this.defaults = defaults;
	}

	public Map<String, Entry> getSettings() {
		return this.settings;
	}

	public void setSettings(Map<String, Entry> settings) {
		this.settings = settings;
	}

	public Nested getNested() {
		return this.nested;
	}

	public void setNested(Nested nested) {
		this.nested = nested;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Aop getAop() {
		return this.aop;
	}

	public Events getEvents() {
		return this.events;
	}

	public BudgetStorage getBudget() {
		return this.budget;
	}

	public Http getHttp() {
		return this.http;
	}

	/** The recent events that /actuator/backoffevents shows. */
	public static class Events {

		/**
		 * How many recent retry events are kept for /actuator/backoffevents; 0 keeps
		 * none.
		 */
		private int capacity = 100;

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

	}

	/** How the @Retryable advice is applied. */
	public static class Aop {

		/**
		 * Order of the @Retryable advice among a bean's other advisors (lower is outer).
		 * Unset: before every other advisor, so each try gets its own @Transactional
		 * transaction.
		 */
		private @Nullable Integer order;

		public @Nullable Integer getOrder() {
			return this.order;
		}

		public void setOrder(@Nullable Integer order) {
			this.order = order;
		}

	}

	/** Nested retries, by their property values. */
	public enum Nested {

		/**
		 * One try for a failure an enclosing retrying call would retry; that call retries
		 * it.
		 */
		ONCE,

		/** Every layer retries. */
		ALLOW

	}

	/**
	 * The limits that both an entry and a per-status override set. Every value left unset
	 * is inherited.
	 */
	public abstract static class Limits {

		/**
		 * Total calls allowed, the first included (default 11: ten retries). In a
		 * per-status override, it replaces the entry's while that status is returned.
		 */
		private @Nullable Integer maxTries;

		/**
		 * Time budget for the whole invocation, sleeps included; the last wait is
		 * shortened to end at it and one last try is made (default none). In a per-status
		 * override, it applies as well as the entry's.
		 */
		private @Nullable Duration maxTime;

		/**
		 * Base wait (default 100ms).
		 */
		private @Nullable Duration base;

		/**
		 * Longest single wait (default 90s).
		 */
		private @Nullable Duration cap;

		public @Nullable Integer getMaxTries() {
			return this.maxTries;
		}

		public void setMaxTries(@Nullable Integer maxTries) {
			this.maxTries = maxTries;
		}

		public @Nullable Duration getMaxTime() {
			return this.maxTime;
		}

		public void setMaxTime(@Nullable Duration maxTime) {
			this.maxTime = maxTime;
		}

		public @Nullable Duration getBase() {
			return this.base;
		}

		public void setBase(@Nullable Duration base) {
			this.base = base;
		}

		public @Nullable Duration getCap() {
			return this.cap;
		}

		public void setCap(@Nullable Duration cap) {
			this.cap = cap;
		}

	}

	/**
	 * One settings entry. Every value left unset is inherited.
	 */
	public static class Entry extends Limits {

		/**
		 * How waits grow (default decorrelated-jitter).
		 */
		private @Nullable StrategyName strategy;

		/**
		 * Growth factor of the exponential (default 2) and linear (default 1) strategies.
		 */
		private @Nullable Double factor;

		/**
		 * Exponent of the polynomial strategy (default 2).
		 */
		private @Nullable Double exponent;

		/**
		 * Randomness added to each wait (default full; none for decorrelated-jitter,
		 * which carries its own).
		 */
		private @Nullable JitterName jitter;

		/**
		 * Fully qualified exception class names that are retried (default
		 * java.lang.Exception).
		 */
		private @Nullable List<String> retryOn;

		/**
		 * Fully qualified exception class names that end retrying at once (default none).
		 */
		private @Nullable List<String> giveUpOn;

		/**
		 * HTTP statuses that are retried; a failure carrying another status gives up at
		 * once (default 404, 408, 429, 500, 502, 503, 504).
		 */
		private @Nullable Set<Integer> retryOnStatus;

		/**
		 * Whether a result still to be retried when the limits end is thrown instead of
		 * returned (default false).
		 */
		private @Nullable Boolean raiseOnGiveUp;

		/**
		 * Name of an OutcomeWait bean that takes the wait from a try's outcome (Python
		 * backoff's runtime), honoured as Retry-After is (default none).
		 */
		private @Nullable String outcomeWait;

		/**
		 * Per-HTTP-status overrides of base, cap, max-tries and max-time (defaults: 404
		 * max-tries 9; 429 max-tries 46 and max-time 1h).
		 */
		private Map<Integer, Status> status = new LinkedHashMap<>();

		private final Budget budget = new Budget();

		/**
		 * Bean names of RetryListener beans that hear this entry's events after the
		 * global listeners, in this order (Python backoff's handlers); a bean named here
		 * is not a global listener (default none).
		 */
		private @Nullable List<String> listeners;

		private final Logging logging = new Logging();

		/**
		 * Whether calls under this entry are retried; false makes each call once, giving
		 * up with reason 'disabled' (default true).
		 */
		private @Nullable Boolean enabled;

		public @Nullable StrategyName getStrategy() {
			return this.strategy;
		}

		public void setStrategy(@Nullable StrategyName strategy) {
			this.strategy = strategy;
		}

		public @Nullable Double getFactor() {
			return this.factor;
		}

		public void setFactor(@Nullable Double factor) {
			this.factor = factor;
		}

		public @Nullable Double getExponent() {
			return this.exponent;
		}

		public void setExponent(@Nullable Double exponent) {
			this.exponent = exponent;
		}

		public @Nullable JitterName getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable JitterName jitter) {
			this.jitter = jitter;
		}

		public @Nullable List<String> getRetryOn() {
			return this.retryOn;
		}

		public void setRetryOn(@Nullable List<String> retryOn) {
			this.retryOn = retryOn;
		}

		public @Nullable List<String> getGiveUpOn() {
			return this.giveUpOn;
		}

		public void setGiveUpOn(@Nullable List<String> giveUpOn) {
			this.giveUpOn = giveUpOn;
		}

		public @Nullable Set<Integer> getRetryOnStatus() {
			return this.retryOnStatus;
		}

		public void setRetryOnStatus(@Nullable Set<Integer> retryOnStatus) {
			this.retryOnStatus = retryOnStatus;
		}

		public @Nullable Boolean getRaiseOnGiveUp() {
			return this.raiseOnGiveUp;
		}

		public void setRaiseOnGiveUp(@Nullable Boolean raiseOnGiveUp) {
			this.raiseOnGiveUp = raiseOnGiveUp;
		}

		public @Nullable String getOutcomeWait() {
			return this.outcomeWait;
		}

		public void setOutcomeWait(@Nullable String outcomeWait) {
			this.outcomeWait = outcomeWait;
		}

		public Map<Integer, Status> getStatus() {
			return this.status;
		}

		public void setStatus(Map<Integer, Status> status) {
			this.status = status;
		}

		public Budget getBudget() {
			return this.budget;
		}

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable List<String> getListeners() {
			return this.listeners;
		}

		public void setListeners(@Nullable List<String> listeners) {
			this.listeners = listeners;
		}

		public Logging getLogging() {
			return this.logging;
		}

	}

	/**
	 * How an entry's retries are logged (Python backoff's logger, backoff_log_level and
	 * giveup_log_level); unset values are inherited from backoff.defaults.logging.
	 */
	public static class Logging {

		/**
		 * Name of the logger the entry's lines are written to (default dev.backoff).
		 */
		private @Nullable String logger;

		/**
		 * Level of each backoff line; 'off' writes none (default info).
		 */
		private @Nullable LogLevel backoffLevel;

		/**
		 * Level of a give-up line after a retry or at a limit; a first failure simply not
		 * retried stays at debug; 'off' writes no give-up line at all (default error).
		 */
		private @Nullable LogLevel giveUpLevel;

		public @Nullable String getLogger() {
			return this.logger;
		}

		public void setLogger(@Nullable String logger) {
			this.logger = logger;
		}

		public @Nullable LogLevel getBackoffLevel() {
			return this.backoffLevel;
		}

		public void setBackoffLevel(@Nullable LogLevel backoffLevel) {
			this.backoffLevel = backoffLevel;
		}

		public @Nullable LogLevel getGiveUpLevel() {
			return this.giveUpLevel;
		}

		public void setGiveUpLevel(@Nullable LogLevel giveUpLevel) {
			this.giveUpLevel = giveUpLevel;
		}

	}

	/**
	 * An entry's retry budget (a token bucket, as the AWS SDKs have); unset values are
	 * inherited from backoff.defaults.budget, then the AWS numbers.
	 */
	public static class Budget {

		/**
		 * Whether retries are rationed by a token bucket (default false; recommended in
		 * production).
		 */
		private @Nullable Boolean enabled;

		/**
		 * Most tokens the bucket holds (default 500).
		 */
		private @Nullable Integer capacity;

		/**
		 * Tokens a retry takes; no retry when too few are left (default 5).
		 */
		private @Nullable Integer retryCost;

		/**
		 * Tokens a success puts back, up to the capacity (default 1).
		 */
		private @Nullable Integer refund;

		/**
		 * Tokens a retry paced by the server's Retry-After takes (default 0).
		 */
		private @Nullable Integer retryAfterCost;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getCapacity() {
			return this.capacity;
		}

		public void setCapacity(@Nullable Integer capacity) {
			this.capacity = capacity;
		}

		public @Nullable Integer getRetryCost() {
			return this.retryCost;
		}

		public void setRetryCost(@Nullable Integer retryCost) {
			this.retryCost = retryCost;
		}

		public @Nullable Integer getRefund() {
			return this.refund;
		}

		public void setRefund(@Nullable Integer refund) {
			this.refund = refund;
		}

		public @Nullable Integer getRetryAfterCost() {
			return this.retryAfterCost;
		}

		public void setRetryAfterCost(@Nullable Integer retryAfterCost) {
			this.retryAfterCost = retryAfterCost;
		}

	}

	/** Where retry budgets live. */
	public static class BudgetStorage {

		/**
		 * Where the budgets' buckets live: 'local' (in memory, one bucket per entry per
		 * instance) or 'redis' (shared by every instance that uses the same key prefix,
		 * through the application's Spring Data Redis connection).
		 */
		private Store store = Store.LOCAL;

		private final Redis redis = new Redis();

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/** Budget stores, by their property values. */
		public enum Store {

			/** In memory, per instance. */
			LOCAL,

			/** In Redis, shared by the fleet. */
			REDIS

		}

		/** The Redis budget store. */
		public static class Redis {

			/**
			 * Prefix of the Redis keys of the buckets (one key per entry); instances that
			 * use the same prefix share their budgets.
			 */
			private String keyPrefix = "backoff:budget:";

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

		}

	}

	/**
	 * Overrides for failures that carry one HTTP status; unset values are inherited.
	 */
	public static class Status extends Limits {

	}

	/** Micrometer counters. */
	public static class Metrics {

		/**
		 * Whether backoff.success, backoff.backoff and backoff.giveup counters are
		 * recorded when a MeterRegistry is present.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Retrying of RestClient and RestTemplate requests. */
	public static class Http {

		/**
		 * Settings entry that HTTP requests are retried under.
		 */
		private String settings = "default";

		/**
		 * HTTP methods that are retried; by default the idempotent ones.
		 */
		private Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE"));

		private final RestClient restClient = new RestClient();

		/**
		 * HTTP service client groups (@ImportHttpServices, by group name) whose
		 * RestClient retries under an entry of their own, set in the group's settings.
		 */
		private Map<String, Group> groups = new LinkedHashMap<>();

		public String getSettings() {
			return this.settings;
		}

		public void setSettings(String settings) {
			this.settings = settings;
		}

		public Set<String> getMethods() {
			return this.methods;
		}

		public void setMethods(Set<String> methods) {
			this.methods = methods;
		}

		public RestClient getRestClient() {
			return this.restClient;
		}

		public Map<String, Group> getGroups() {
			return this.groups;
		}

		public void setGroups(Map<String, Group> groups) {
			this.groups = groups;
		}

		/** One HTTP service client group (@ImportHttpServices). */
		public static class Group {

			/**
			 * Settings entry that the group's requests are retried under; the group's
			 * RestClient gets its own retrying interceptor, whether or not
			 * backoff.http.rest-client.enabled is set.
			 */
			private @Nullable String settings;

			public @Nullable String getSettings() {
				return this.settings;
			}

			public void setSettings(@Nullable String settings) {
				this.settings = settings;
			}

		}

		/** Wiring into the auto-configured HTTP client builders. */
		public static class RestClient {

			/**
			 * Whether the retrying interceptor is added to the auto-configured
			 * RestClient.Builder and RestTemplateBuilder.
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

}
