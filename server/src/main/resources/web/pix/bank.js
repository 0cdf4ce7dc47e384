const $ = id => document.getElementById(id);
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'BRL' });
const id = new URLSearchParams(location.search).get('id');

// Opened from a payment page: fill in its code, as scanning the QR code would.
if (id) {
  const response = await fetch(`/payments/pix/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' } });
  if (response.ok) {
    const p = await response.json();
    $('payload').value = p.copy_paste;
    $('summary').textContent = `${money.format(Number(p.value))} to order #${p.order_number} (${p.status})`;
  }
}

$('pay-form').addEventListener('submit', async e => {
  e.preventDefault();
  $('pay').disabled = true;
  $('result').dataset.outcome = '';
  $('result').textContent = 'Sending the confirmation…';
  try {
    const response = await fetch('/bank/pay', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ payload: $('payload').value.trim() }),
    });
    const answer = await response.json();
    if (response.ok) {
      $('result').dataset.outcome = 'paid';
      $('result').textContent = `Paid ${money.format(Number(answer.value))}: the shop confirmed order #${answer.order_number}. `;
      const link = document.createElement('a');
      link.href = answer.page;
      link.textContent = 'Back to the payment page';
      $('result').append(link);
    } else {
      $('result').dataset.outcome = 'refused';
      $('result').textContent = `The shop refused the payment (${response.status}): ${answer.error?.message ?? 'no reason given'}`;
    }
  } catch (err) {
    $('result').dataset.outcome = 'refused';
    $('result').textContent = `Could not reach the shop: ${err.message}`;
  } finally {
    $('pay').disabled = false;
  }
});
