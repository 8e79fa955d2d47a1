/* SPDX-License-Identifier: MIT */
/*
 * Test results with XTF semantics: SUCCESS < SKIP < ERROR < FAILURE, the worst
 * recorded result (and its message) wins. result_lock guards the record;
 * finish_lock makes sure exactly one vCPU prints the final line and calls
 * PSCI SYSTEM_OFF, the others park.
 */
#include <guest.h>

static const char *const status_names[] = {
	[SUCCESS] = "SUCCESS",
	[SKIP] = "SKIP",
	[ERROR] = "ERROR",
	[FAILURE] = "FAILURE",
};

static guest_spinlock_t result_lock = GUEST_SPINLOCK_INIT;
static guest_spinlock_t finish_lock = GUEST_SPINLOCK_INIT;
static bool result_is_set;
static enum test_status result_status;
static char result_msg[200];

static void record(enum test_status status, const char *fmt, va_list ap)
{
	if ((unsigned int)status > FAILURE)
		status = ERROR;
	guest_spin_lock(&result_lock);
	if (!result_is_set || status > result_status) {
		result_status = status;
		vsnprintf(result_msg, sizeof(result_msg), fmt, ap);
		result_is_set = true;
	}
	guest_spin_unlock(&result_lock);
}

void test_record(enum test_status status, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	record(status, fmt, ap);
	va_end(ap);
	if (status != SUCCESS) {
		/* Show it now too; the final line may carry a worse one. */
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		guest_printf("%s: vCPU%u recorded %s: %s\n", test_name, cpu_id(),
			     status_names[status > FAILURE ? ERROR : status], msg);
	}
}

__noreturn void test_result(enum test_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	record(status, fmt, ap);
	va_end(ap);
	test_finish();
}

__noreturn void test_finish(void)
{
	int32_t rc;

	local_irq_disable();
	if (!guest_spin_trylock(&finish_lock))
		guest_park(); /* another vCPU is reporting */

	guest_spin_lock(&result_lock);
	if (!result_is_set) {
		result_status = ERROR;
		snprintf(result_msg, sizeof(result_msg), "test_main returned without a result");
	}
	guest_printf("HOSPES-TEST %s: %s %s\n", test_name, status_names[result_status],
		     result_msg);
	guest_spin_unlock(&result_lock);

	rc = psci_system_off();
	guest_printf("%s: PSCI SYSTEM_OFF returned %d, parking\n", test_name, rc);
	guest_park();
}
