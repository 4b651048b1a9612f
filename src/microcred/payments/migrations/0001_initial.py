import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Checkout',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('provider', models.CharField(help_text='The payment provider: sandbox or stripe.', max_length=20)),
                ('provider_session_id', models.CharField(blank=True, max_length=255)),
                ('provider_payment_id', models.CharField(blank=True, help_text="The provider's id of the payment, once paid (Stripe: the PaymentIntent).", max_length=255)),
                ('redirect_url', models.CharField(blank=True, help_text='Where the learner goes to pay.', max_length=2000)),
                ('success_url', models.CharField(max_length=2000)),
                ('cancel_url', models.CharField(max_length=2000)),
                ('amount_minor', models.PositiveIntegerField()),
                ('currency', models.CharField(max_length=3)),
                ('lines', models.JSONField(help_text='[{reference, description, amount_minor, policy_version, kind}, …]')),
                ('order_reference', models.CharField(max_length=100)),
                ('idempotency_key', models.CharField(max_length=100, unique=True)),
                ('status', models.CharField(choices=[('open', 'Open'), ('paid', 'Paid'), ('declined', 'Declined'), ('cancelled', 'Cancelled'), ('expired', 'Expired'), ('partially_refunded', 'Partially refunded'), ('refunded', 'Refunded')], default='open', max_length=20)),
                ('decline_reason', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('paid_at', models.DateTimeField(blank=True, null=True)),
                ('learner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checkouts', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ProviderEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('provider', models.CharField(max_length=20)),
                ('event_id', models.CharField(max_length=255)),
                ('event_type', models.CharField(max_length=100)),
                ('payload', models.JSONField()),
                ('outcome', models.CharField(choices=[('applied', 'Applied'), ('ignored', 'Ignored')], max_length=10)),
                ('note', models.CharField(blank=True, help_text='Why an event was ignored.', max_length=300)),
                ('received_at', models.DateTimeField(auto_now_add=True)),
                ('checkout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='provider_events', to='payments.checkout')),
            ],
            options={
                'ordering': ['-received_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Refund',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('reference', models.CharField(help_text='The checkout line refunded, e.g. enrolment:42.', max_length=100)),
                ('amount_minor', models.PositiveIntegerField()),
                ('currency', models.CharField(max_length=3)),
                ('reason', models.CharField(max_length=300)),
                ('policy_version', models.CharField(blank=True, max_length=50)),
                ('status', models.CharField(choices=[('succeeded', 'Succeeded'), ('pending', 'Pending at the provider'), ('refused', 'Refused')], max_length=10)),
                ('refused_reason', models.CharField(blank=True, max_length=300)),
                ('provider_refund_id', models.CharField(blank=True, max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('checkout', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='refunds', to='payments.checkout')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('charge', 'Charge'), ('top_up', 'Top-up'), ('refund', 'Refund'), ('deduction', 'Deduction')], max_length=10)),
                ('amount_minor', models.IntegerField(help_text='Positive for money paid in, negative for money given back.')),
                ('currency', models.CharField(max_length=3)),
                ('reference', models.CharField(help_text='What the entry is for, e.g. enrolment:42.', max_length=100)),
                ('order_reference', models.CharField(blank=True, max_length=100)),
                ('policy_version', models.CharField(blank=True, help_text='R-PO1: the policy it was made under.', max_length=50)),
                ('idempotency_key', models.CharField(max_length=200, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('checkout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to='payments.checkout')),
                ('learner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to=settings.AUTH_USER_MODEL)),
                ('provider_event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to='payments.providerevent')),
                ('refund', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_entries', to='payments.refund')),
            ],
            options={
                'verbose_name_plural': 'ledger entries',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.AddIndex(
            model_name='checkout',
            index=models.Index(fields=['order_reference'], name='payments_ch_order_r_5638b3_idx'),
        ),
        migrations.AddConstraint(
            model_name='checkout',
            constraint=models.CheckConstraint(condition=models.Q(('amount_minor__gt', 0)), name='payments_checkout_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='checkout',
            constraint=models.UniqueConstraint(condition=models.Q(('provider_payment_id', ''), _negated=True), fields=('provider', 'provider_payment_id'), name='payments_checkout_payment_unique'),
        ),
        migrations.AddConstraint(
            model_name='providerevent',
            constraint=models.UniqueConstraint(fields=('provider', 'event_id'), name='payments_provider_event_unique'),
        ),
        migrations.AddIndex(
            model_name='refund',
            index=models.Index(fields=['reference'], name='payments_re_referen_c08f34_idx'),
        ),
        migrations.AddConstraint(
            model_name='refund',
            constraint=models.CheckConstraint(condition=models.Q(('amount_minor__gt', 0)), name='payments_refund_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='refund',
            constraint=models.UniqueConstraint(condition=models.Q(('provider_refund_id', ''), _negated=True), fields=('provider_refund_id',), name='payments_refund_provider_id_unique'),
        ),
        migrations.AddIndex(
            model_name='ledgerentry',
            index=models.Index(fields=['reference'], name='payments_le_referen_2d041b_idx'),
        ),
        migrations.AddIndex(
            model_name='ledgerentry',
            index=models.Index(fields=['learner', 'created_at'], name='payments_le_learner_7470c5_idx'),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount_minor__gt', 0), ('kind__in', ['charge', 'top_up'])), models.Q(('amount_minor__lt', 0), ('kind__in', ['refund', 'deduction'])), _connector='OR'), name='payments_ledger_entry_sign_follows_kind'),
        ),
    ]
